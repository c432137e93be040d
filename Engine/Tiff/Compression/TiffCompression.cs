using System.Globalization;

namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// Values of tag 259 (Compression) and 317 (Predictor) the reader knows. TIFF 6.0 section 3 (1, 32773),
/// section 13 (5, LZW) and section 14 (predictor 2); Adobe's "TIFF Technical Note 3" (predictor 3, floating
/// point); Adobe PageMaker 6.0 TIFF Technical Notes (8, Adobe Deflate; 32946 is the older code for the same
/// zlib stream); 50000 (Zstandard) and 34925 (LZMA2 in an .xz stream) are the codes libtiff registers.
/// </summary>
internal static class TiffCompression
{
    public const ushort None = 1;
    public const ushort Lzw = 5;
    public const ushort OldJpeg = 6;
    public const ushort Jpeg = 7;
    public const ushort AdobeDeflate = 8;
    public const ushort PackBits = 32773;
    public const ushort Deflate = 32946;
    public const ushort Lzma = 34925;
    public const ushort Zstd = 50000;

    public const ushort PredictorNone = 1;
    public const ushort PredictorHorizontal = 2;
    public const ushort PredictorFloatingPoint = 3;

    /// <summary>True when <paramref name="compression"/> is decoded losslessly by this library.</summary>
    public static bool IsSupported(ushort compression) =>
        compression is None or Lzw or AdobeDeflate or Deflate or PackBits or Zstd or Lzma;

    /// <summary>A name for messages: "LZW (5)", "JPEG (7)", "34712".</summary>
    public static string Describe(ushort compression)
    {
        var name = compression switch
        {
            None => "none",
            2 => "CCITT RLE",
            3 => "CCITT Group 3",
            4 => "CCITT Group 4",
            Lzw => "LZW",
            OldJpeg => "old-style JPEG",
            Jpeg => "JPEG",
            AdobeDeflate => "Adobe Deflate",
            PackBits => "PackBits",
            Deflate => "Deflate",
            Lzma => "LZMA",
            Zstd => "Zstandard",
            34887 => "LERC",
            34933 => "PNG",
            34934 => "JPEG XR",
            50001 => "WebP",
            50002 => "JPEG XL",
            34712 => "JPEG 2000",
            _ => null,
        };
        var code = compression.ToString(CultureInfo.InvariantCulture);
        return name is null ? code : $"{name} ({code})";
    }
}
