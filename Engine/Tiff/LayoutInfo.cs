using ScanImageTiff.Tiff.Compression;

namespace ScanImageTiff.Tiff;

/// <summary>A distinct <see cref="FrameLayout"/> with everything derived from it computed once.</summary>
internal sealed class LayoutInfo
{
    public LayoutInfo(FrameLayout layout)
    {
        Layout = layout;
        var bits = layout.BitsPerSample;
        RowBytes = checked(((layout.Width * layout.SamplesPerPixel * bits) + 7) / 8);
        FrameBytes = layout.Height == 0 ? 0 : (RowBytes > long.MaxValue / layout.Height ? -1 : RowBytes * layout.Height);
        StripsPerFrame = layout.RowsPerStrip <= 0 ? 0 : (layout.Height + layout.RowsPerStrip - 1) / layout.RowsPerStrip;
        var planar = layout.PlanarConfiguration == 2 && layout.SamplesPerPixel > 1;
        NeedsDecode = layout.Compression != TiffCompression.None || layout.Tiled || planar;
        Chunks = new ChunkLayout(
            (int)Math.Min(layout.Width, int.MaxValue), (int)Math.Min(layout.Height, int.MaxValue), layout.SamplesPerPixel, Math.Max(1, bits / 8),
            planar, layout.Tiled, layout.Tiled ? (int)Math.Clamp(layout.TileWidth, 0, int.MaxValue) : (int)Math.Min(layout.Width, int.MaxValue),
            (int)Math.Clamp(layout.Tiled ? layout.TileLength : layout.RowsPerStrip, 0, int.MaxValue), layout.Compression, layout.Predictor);
        (PixelType, Unsupported) = Classify(layout, this);
        ChunksPerFrame = NeedsDecode && Unsupported is null ? Chunks.ChunkCount : StripsPerFrame;
    }

    public FrameLayout Layout { get; }

    /// <summary>Bytes of one row of samples (padded to a whole byte).</summary>
    public long RowBytes { get; }

    /// <summary>Bytes of the decoded frame, or -1 when it overflows.</summary>
    public long FrameBytes { get; }

    public long StripsPerFrame { get; }

    /// <summary>True when frames are compressed, tiled or planar: read through <see cref="FrameDecoder"/>, never zero-copy.</summary>
    public bool NeedsDecode { get; }

    /// <summary>How frames of this layout are cut into strips or tiles and encoded.</summary>
    public ChunkLayout Chunks { get; }

    /// <summary>Stored strips or tiles per frame (all planes); <see cref="StripsPerFrame"/> for plain strips.</summary>
    public long ChunksPerFrame { get; }

    /// <summary>Sample type when frames of this layout can be read, else null.</summary>
    public PixelType? PixelType { get; }

    /// <summary>Why frames of this layout cannot be read (names the tag, the value), else null.</summary>
    public string? Unsupported { get; }

    public int ElementCount => (int)Math.Min(int.MaxValue, Layout.Width * Layout.Height * Layout.SamplesPerPixel);

    private static (PixelType?, string?) Classify(FrameLayout l, LayoutInfo info)
    {
        if (l.Tiled && (l.TileWidth <= 0 || l.TileLength <= 0 || l.TileWidth * l.TileLength > 1L << 26))
        {
            return (null, $"tiled image data (tag 322 TileWidth = {TagValue(l.TileWidth)}, tag 323 TileLength = {TagValue(l.TileLength)}) is not supported; tiles of 1 to 2^26 pixels are");
        }

        if (!TiffCompression.IsSupported(l.Compression))
        {
            return (null, $"compressed image data (tag 259 Compression = {TiffCompression.Describe(l.Compression)}) is not supported; only lossless LZW, Deflate, PackBits, Zstandard and LZMA are");
        }

        if (l.IsSubsampledYCbCr)
        {
            // Subsampled chroma is stored in blocks, not as one sample per pixel: a copy would be scrambled.
            return (null, $"subsampled YCbCr (tag 262 PhotometricInterpretation = 6, tag 530 YCbCrSubSampling = {l.YCbCrFactors.Horizontal}, {l.YCbCrFactors.Vertical}) is not supported; only 1, 1 is");
        }

        if (l.SamplesPerPixel > 1 && l.PlanarConfiguration is not (1 or 2))
        {
            return (null, $"planar sample layout (tag 284 PlanarConfiguration = {l.PlanarConfiguration} with {l.SamplesPerPixel} samples per pixel) is not supported");
        }

        if (l.MixedBitsPerSample)
        {
            return (null, "samples of different sizes in one pixel (tag 258 BitsPerSample values differ) are not supported");
        }

        if (l.MixedSampleFormat)
        {
            return (null, "samples of different formats in one pixel (tag 339 SampleFormat values differ) are not supported");
        }

        if (l.FillOrder == 2)
        {
            return (null, "reversed bit order (tag 266 FillOrder = 2) is not supported");
        }

        var type = PixelTypes.FromTiff(l.BitsPerSample, l.SampleFormat);
        if (type is null)
        {
            return (null, l.SampleFormat is 1 or 2 or 3
                ? $"{l.BitsPerSample}-bit samples (tag 258 BitsPerSample = {l.BitsPerSample}, tag 339 SampleFormat = {l.SampleFormat}) are not supported"
                : $"sample format {l.SampleFormat} (tag 339 SampleFormat) is not supported; only 1 (unsigned), 2 (signed) and 3 (float) are");
        }

        return info.NeedsDecode && info.Chunks.Unsupported(l.SampleFormat == 3) is { } reason ? (null, reason) : (type, null);
    }

    private static string TagValue(long value) => value < 0 ? "absent" : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
