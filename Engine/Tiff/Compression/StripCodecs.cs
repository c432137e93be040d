namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// One decoder of each kind and one scratch buffer per thread, created on first use and kept: workers of the
/// parallel copier and of streams decode thousands of strips with no allocation after their first.
/// </summary>
internal sealed class StripCodecs
{
    [ThreadStatic]
    private static StripCodecs? t_current;

    private LzwDecoder? _lzw;
    private DeflateDecoder? _deflate;
    private PackBitsDecoder? _packBits;
    private ZstdDecoder? _zstd;
    private LzmaDecoder? _lzma;
    private readonly byte[][] _scratch = [[], [], [], []];

    /// <summary>This thread's set.</summary>
    public static StripCodecs Current => t_current ??= new StripCodecs();

    /// <summary>The decoder for <paramref name="compression"/> (a supported code, see <see cref="TiffCompression.IsSupported"/>).</summary>
    public IStripDecoder For(ushort compression) => compression switch
    {
        TiffCompression.Lzw => _lzw ??= new LzwDecoder(),
        TiffCompression.AdobeDeflate or TiffCompression.Deflate => Deflate(),
        TiffCompression.PackBits => _packBits ??= new PackBitsDecoder(),
        TiffCompression.Zstd => _zstd ??= new ZstdDecoder(),
        TiffCompression.Lzma => _lzma ??= new LzmaDecoder(),
        _ => throw new NotSupportedException($"compressed image data (tag 259 Compression = {TiffCompression.Describe(compression)}) is not supported"),
    };

    /// <summary>This thread's Deflate decoder, re-created if the selected backend changed (tests switch it).</summary>
    private DeflateDecoder Deflate() =>
        _deflate is { } current && current.Backend == DeflateBackends.Selected ? current : _deflate = new DeflateDecoder();

    /// <summary>
    /// <paramref name="bytes"/> bytes of this thread's buffer number <paramref name="slot"/> (0: compressed bytes read
    /// with pread, 1: a decoded tile or plane strip, 2: a predictor row, 3: a frame's compressed chunks read at once); grown, never shrunk.
    /// </summary>
    public Span<byte> Scratch(int slot, int bytes)
    {
        ref var buffer = ref _scratch[slot];
        if (buffer.Length < bytes)
        {
            buffer = GC.AllocateUninitializedArray<byte>((int)Math.Min(Math.Max(bytes, (long)buffer.Length * 2), Array.MaxLength));
        }

        return buffer.AsSpan(0, bytes);
    }
}
