namespace ScanImageTiff;

/// <summary>Options for <see cref="TiffStackWriter.Create(string, TiffWriterOptions?)"/>.</summary>
public sealed record TiffWriterOptions
{
    /// <summary>BigTIFF (default, what ScanImage 2016+ writes) or classic TIFF (limited to 4 GiB).</summary>
    public bool BigTiff { get; init; } = true;

    /// <summary>Byte order of structures and samples (default little-endian, as ScanImage writes).</summary>
    public TiffByteOrder ByteOrder { get; init; } = TiffByteOrder.LittleEndian;

    /// <summary>
    /// ScanImage non-varying frame data (section 0: <c>SI.x = y</c> lines or JSON), without its trailing NUL.
    /// When set (requires <see cref="BigTiff"/>), the file gets the 16-byte ScanImage block at byte 16, both
    /// sections after it, and Software/Artist tags pointing into them, as ScanImage 2016+ writes.
    /// </summary>
    public ReadOnlyMemory<byte>? ScanImageSection0 { get; init; }

    /// <summary>ScanImage ROI group JSON (section 1), without its trailing NUL. Empty when null.</summary>
    public ReadOnlyMemory<byte>? ScanImageSection1 { get; init; }

    /// <summary>The block's version field (3 for SI 2016-2019, 4 from 2020 on).</summary>
    public int ScanImageFormatVersion { get; init; } = 4;

    /// <summary>
    /// Descriptions are space-padded to this many characters (plus a NUL), as ScanImage does with 2000,
    /// so a frame's header can be rewritten in place. 0 writes each description at its own length.
    /// </summary>
    public int DescriptionLength { get; init; }

    /// <summary>Rows per strip; 0 (default) writes one strip per frame as ScanImage 2016+ does.</summary>
    public int RowsPerStrip { get; init; }

    /// <summary>Compression of each strip (default none). Compressed frames are decoded on read, never handed out zero-copy.</summary>
    public TiffCompressionMethod Compression { get; init; } = TiffCompressionMethod.None;

    /// <summary>
    /// With <see cref="Compression"/>: store each row as differences (tag 317 Predictor = 2 for integer samples,
    /// 3, Adobe's floating-point predictor, for float samples), which usually compresses image data better.
    /// </summary>
    public bool Predictor { get; init; }

    /// <summary>Codec level: Deflate 1-9 (default 6, as libtiff), Zstandard 1-22 (default 3, zstd's own). Null for the default.</summary>
    public int? CompressionLevel { get; init; }

    /// <summary>The options ScanImage 2016+ uses: BigTIFF, little-endian, 2000-character descriptions.</summary>
    /// <param name="section0">Section 0 text (without NUL).</param>
    /// <param name="section1">Section 1 ROI JSON (without NUL).</param>
    public static TiffWriterOptions ScanImage(ReadOnlyMemory<byte> section0, ReadOnlyMemory<byte> section1) => new()
    {
        ScanImageSection0 = section0,
        ScanImageSection1 = section1,
        DescriptionLength = 2000,
    };
}
