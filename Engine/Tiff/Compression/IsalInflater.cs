namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// Deflate strips through ISA-L's stateless igzip inflate with crc_flag ISAL_ZLIB (header parsed, Adler-32
/// verified, as libtiff's zlib and libdeflate paths do). One natively allocated <c>struct inflate_state</c> per
/// instance (per thread), freed by the finalizer.
/// </summary>
internal sealed unsafe class IsalInflater : IStripDecoder
{
    private readonly void* _state = NativeMemory.AllocZeroed(IsalNative.StateAllocation);

    ~IsalInflater() => NativeMemory.Free(_state);

    public void Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int rc;
        uint written;
        var s = (IsalNative.StreamFields*)_state;
        fixed (byte* input = source)
        fixed (byte* output = destination)
        {
            IsalNative.InflateInit(_state);
            *(uint*)((byte*)_state + IsalNative.CrcFlagOffset) = IsalNative.Zlib;
            s->NextIn = input;
            s->AvailIn = (uint)source.Length;
            s->NextOut = output;
            s->AvailOut = (uint)destination.Length;
            rc = IsalNative.InflateStateless(_state);
            written = s->TotalOut;
            s->NextIn = null;
            s->NextOut = null;
        }

        GC.KeepAlive(this);
        if (rc == IsalNative.DecompOk && written == (uint)destination.Length)
        {
            return;
        }

        throw rc switch
        {
            IsalNative.DecompOk => new InvalidDataException($"Deflate stream ends after {written} of {destination.Length} bytes"),
            IsalNative.OutOverflow => new InvalidDataException($"Deflate stream holds more than the {destination.Length} bytes of its strip"),
            _ => new InvalidDataException($"Deflate stream is corrupt after {written} bytes ({IsalNative.Describe(rc)})"),
        };
    }
}
