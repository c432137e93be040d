using ZstdSharp;

namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// Zstandard (Compression = 50000): one zstd frame per strip, as libtiff's tif_zstd.c writes it. Decoded by the
/// native reference library when present (<see cref="ZstdNative"/>), else by ZstdSharp (a managed port: no native
/// dependency); one decompression context per instance either way, reused between strips.
/// </summary>
internal sealed unsafe class ZstdDecoder : IStripDecoder, IDisposable
{
    private readonly nint _native;
    private readonly Decompressor? _managed;

    public ZstdDecoder()
    {
        if (ZstdNative.IsAvailable)
        {
            _native = ZstdNative.CreateDCtx();
        }

        if (_native == 0)
        {
            _managed = new Decompressor();
        }
    }

    ~ZstdDecoder() => Free();

    public void Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int written;
        if (_managed is null)
        {
            nuint result;
            fixed (byte* input = source)
            fixed (byte* output = destination)
            {
                result = ZstdNative.DecompressDCtx(_native, output, (nuint)destination.Length, input, (nuint)source.Length);
            }

            GC.KeepAlive(this);
            if (ZstdNative.IsError(result) != 0)
            {
                // "Destination buffer is too small" is how a frame larger than its strip shows up.
                throw new InvalidDataException($"Zstandard stream is corrupt or larger than its {destination.Length}-byte strip: {ZstdNative.ErrorName(result)}");
            }

            written = (int)result;
        }
        else
        {
            try
            {
                written = _managed.Unwrap(source, destination);
            }
            catch (ZstdException e)
            {
                throw new InvalidDataException($"Zstandard stream is corrupt or larger than its {destination.Length}-byte strip: {e.Message}");
            }
        }

        if (written != destination.Length)
        {
            throw new InvalidDataException($"Zstandard stream ends after {written} of {destination.Length} bytes");
        }
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        _managed?.Dispose();
        if (_native != 0)
        {
            _ = ZstdNative.FreeDCtx(_native);
        }
    }
}
