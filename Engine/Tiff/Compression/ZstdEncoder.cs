using ZstdSharp;

namespace ScanImageTiff.Tiff.Compression;

/// <summary>Zstandard for the writer: one frame per strip, one reused compression context per instance.</summary>
internal sealed class ZstdEncoder(int level) : IStripEncoder, IDisposable
{
    private readonly Compressor _compressor = new(level);

    public int MaxEncodedLength(int sourceLength, int rowBytes) => Compressor.GetCompressBound(sourceLength);

    public int Encode(ReadOnlySpan<byte> source, int rowBytes, Span<byte> destination) => _compressor.Wrap(source, destination);

    public void Dispose() => _compressor.Dispose();
}
