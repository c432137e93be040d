namespace ScanImageTiff;

/// <summary>How <see cref="TiffStackWriter"/> compresses pixel data (the values are TIFF tag 259 codes).</summary>
public enum TiffCompressionMethod
{
    /// <summary>Uncompressed (frames can be handed out zero-copy when read back).</summary>
    None = 1,

    /// <summary>LZW (TIFF 6.0 section 13).</summary>
    Lzw = 5,

    /// <summary>Deflate in a zlib stream (Adobe Deflate, code 8).</summary>
    Deflate = 8,

    /// <summary>PackBits run-length coding (TIFF 6.0 section 9).</summary>
    PackBits = 32773,

    /// <summary>Zstandard (code 50000, as libtiff writes it).</summary>
    Zstd = 50000,
}
