using ZstdSharp;

namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// Zstandard (Compression = 50000): one zstd frame per strip, as libtiff's tif_zstd.c writes it. Decoded with
/// ZstdSharp (a managed port of the reference library: no native dependency, AOT-safe); one decompression
/// context per instance, reused between strips.
/// </summary>
internal sealed class ZstdDecoder : IStripDecoder, IDisposable
{
    private readonly Decompressor _decompressor = new();

    public void Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int written;
        try
        {
            written = _decompressor.Unwrap(source, destination);
        }
        catch (ZstdException e)
        {
            // "Destination buffer is too small" is how a frame larger than its strip shows up.
            throw new InvalidDataException($"Zstandard stream is corrupt or larger than its {destination.Length}-byte strip: {e.Message}");
        }

        if (written != destination.Length)
        {
            throw new InvalidDataException($"Zstandard stream ends after {written} of {destination.Length} bytes");
        }
    }

    public void Dispose() => _decompressor.Dispose();
}
