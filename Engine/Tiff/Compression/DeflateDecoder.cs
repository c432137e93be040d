namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// Deflate (Compression = 8, Adobe Deflate, and 32946, the older code for the same data): one zlib stream
/// (RFC 1950) per strip, as libtiff's tif_zip.c writes it, decoded by the backend <see cref="DeflateBackends"/>
/// selects (ISA-L, libdeflate, the runtime's zlib-ng, or the managed decoder). Every backend checks the Adler-32
/// trailer, as libtiff does, and refuses a stream that is cut off or holds more than its strip.
/// </summary>
internal sealed class DeflateDecoder : IStripDecoder
{
    private readonly IStripDecoder _inner;

    public DeflateDecoder()
        : this(DeflateBackends.Selected)
    {
    }

    public DeflateDecoder(DeflateBackend backend)
    {
        Backend = backend;
        _inner = backend switch
        {
            DeflateBackend.Libdeflate => new LibdeflateInflater(),
            DeflateBackend.Isal => new IsalInflater(),
            DeflateBackend.ZlibNg => new ZlibInflater(),
            _ => new ManagedInflater(),
        };
    }

    /// <summary>The backend this instance decodes with.</summary>
    public DeflateBackend Backend { get; }

    public void Decode(ReadOnlySpan<byte> source, Span<byte> destination) => _inner.Decode(source, destination);
}
