namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// Deflate strips through the runtime's zlib-ng: one native z_stream per instance, reset between strips; freed by
/// the finalizer when the owning thread's codec set is collected. zlib checks the Adler-32 trailer.
/// </summary>
internal sealed unsafe class ZlibInflater : IStripDecoder
{
    private static readonly Lazy<bool> s_available = new(() => new ZlibInflater()._stream is not null);

    private readonly ZlibNative.ZStream* _stream;
    private ManagedInflater? _fallback;

    /// <summary>False if this runtime lacks the zlib exports (they are not a public contract).</summary>
    public static bool IsAvailable => s_available.Value;

    public ZlibInflater()
    {
        _stream = (ZlibNative.ZStream*)NativeMemory.AllocZeroed((nuint)sizeof(ZlibNative.ZStream));
        int rc;
        try
        {
            rc = ZlibNative.InflateInit2(_stream, ZlibNative.ZlibWindowBits);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // The runtime's exports are not a public contract: if a runtime lacks them, inflate with the managed decoder.
            NativeMemory.Free(_stream);
            _stream = null;
            return;
        }

        if (rc != ZlibNative.Ok)
        {
            NativeMemory.Free(_stream);
            throw new InvalidOperationException($"zlib inflateInit2 failed ({rc})");
        }
    }

    ~ZlibInflater()
    {
        if (_stream is not null)
        {
            // Nothing to report from a finalizer: the stream is gone either way.
            _ = ZlibNative.InflateEnd(_stream);
            NativeMemory.Free(_stream);
        }
    }

    public void Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (_stream is null)
        {
            (_fallback ??= new ManagedInflater()).Decode(source, destination);
            return;
        }

        var s = _stream;
        var reset = ZlibNative.InflateReset2(s, ZlibNative.ZlibWindowBits);
        if (reset != ZlibNative.Ok)
        {
            throw new InvalidOperationException($"zlib inflateReset2 failed ({reset})");
        }

        byte spare;
        fixed (byte* input = source)
        fixed (byte* output = destination)
        {
            s->NextIn = input;
            s->AvailIn = (uint)source.Length;
            s->NextOut = output;
            s->AvailOut = (uint)destination.Length;
            var rc = ZlibNative.Inflate(s, ZlibNative.Finish);
            var written = destination.Length - (int)s->AvailOut;
            if (rc == ZlibNative.StreamEnd)
            {
                if (written != destination.Length)
                {
                    throw new InvalidDataException($"Deflate stream ends after {written} of {destination.Length} bytes");
                }

                GC.KeepAlive(this);
                return;
            }

            if (rc is not (ZlibNative.Ok or ZlibNative.BufferError))
            {
                throw new InvalidDataException($"Deflate stream is corrupt after {written} bytes ({ZlibNative.Describe(s, rc)}, input byte {source.Length - (int)s->AvailIn})");
            }

            if (written < destination.Length)
            {
                throw new InvalidDataException($"Deflate stream is cut off after {written} of {destination.Length} bytes");
            }

            // The strip is full but the stream has not ended: its end (and Adler-32) may still follow, or more
            // data, which would be a stream larger than its strip (a zip bomb, or a lying layout).
            s->NextOut = &spare;
            s->AvailOut = 1;
            rc = ZlibNative.Inflate(s, ZlibNative.Finish);
            if (s->AvailOut == 0)
            {
                throw new InvalidDataException($"Deflate stream holds more than the {destination.Length} bytes of its strip");
            }

            if (rc != ZlibNative.StreamEnd && s->AvailIn > 0)
            {
                throw new InvalidDataException($"Deflate stream is corrupt at its end ({ZlibNative.Describe(s, rc)})");
            }
        }

        GC.KeepAlive(this);
    }
}
