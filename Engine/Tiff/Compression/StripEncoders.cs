namespace ScanImageTiff.Tiff.Compression;

/// <summary>One encoder per codec and level per thread, reused across strips and frames.</summary>
internal static class StripEncoders
{
    [ThreadStatic]
    private static Dictionary<(TiffCompressionMethod, int), IStripEncoder>? t_encoders;

    public static IStripEncoder For(TiffCompressionMethod method, int level)
    {
        var encoders = t_encoders ??= [];
        if (!encoders.TryGetValue((method, level), out var encoder))
        {
            encoder = method switch
            {
                TiffCompressionMethod.Lzw => new LzwEncoder(),
                TiffCompressionMethod.Deflate => new DeflateEncoder(level),
                TiffCompressionMethod.PackBits => new PackBitsEncoder(),
                TiffCompressionMethod.Zstd => new ZstdEncoder(level),
                _ => throw new ArgumentOutOfRangeException(nameof(method), method, "not a compression method"),
            };
            encoders.Add((method, level), encoder);
        }

        return encoder;
    }
}
