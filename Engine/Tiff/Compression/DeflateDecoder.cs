namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// Deflate (Compression = 8, Adobe Deflate, and 32946, the older code for the same data): one zlib stream
/// (RFC 1950) per strip, as libtiff's tif_zip.c writes it, decoded by the backend <see cref="DeflateBackends"/>
/// selects (libdeflate, ISA-L, the runtime's zlib-ng, or ZLibStream). Every backend checks the Adler-32 trailer,
/// as libtiff does, and refuses a stream that is cut off or holds more than its strip.
/// </summary>
internal sealed unsafe class DeflateDecoder : IStripDecoder
{
    private readonly IStripDecoder? _inner;

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
            _ => null,
        };
    }

    /// <summary>The backend this instance decodes with.</summary>
    public DeflateBackend Backend { get; }

    public void Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (_inner is null)
        {
            DecodeWithStream(source, destination);
        }
        else
        {
            _inner.Decode(source, destination);
        }
    }

    /// <summary>The fallback: a ZLibStream per strip (allocates, and is slower, but needs nothing outside the BCL).</summary>
    internal static void DecodeWithStream(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        fixed (byte* input = source)
        {
            // ZLibStream reports a corrupt stream as InvalidDataException itself.
            using var raw = new UnmanagedMemoryStream(input, source.Length);
            using var zlib = new System.IO.Compression.ZLibStream(raw, System.IO.Compression.CompressionMode.Decompress);
            var total = 0;
            int n;
            while (total < destination.Length && (n = zlib.Read(destination[total..])) > 0)
            {
                total += n;
            }

            Span<byte> spare = stackalloc byte[1];
            if (total == destination.Length && zlib.Read(spare) > 0)
            {
                throw new InvalidDataException($"Deflate stream holds more than the {destination.Length} bytes of its strip");
            }

            if (total != destination.Length)
            {
                throw new InvalidDataException($"Deflate stream ends after {total} of {destination.Length} bytes");
            }
        }
    }
}
