namespace ScanImageTiff.Tiff;

/// <summary>
/// The tag values that decide how a frame's bytes become pixels. Consecutive IFDs almost always
/// share one layout, so the frame table stores a layout index per IFD instead of these fields.
/// </summary>
/// <remarks>
/// <see cref="YCbCrSubsampling"/> is 0 unless the image is YCbCr; then it is <see cref="PackYCbCr"/> of the
/// tag 530 factors (default 2, 2), so layouts compare equal exactly when they decode alike.
/// </remarks>
internal readonly record struct FrameLayout(
    long Width,
    long Height,
    ushort BitsPerSample,
    bool MixedBitsPerSample,
    ushort SampleFormat,
    bool MixedSampleFormat,
    ushort SamplesPerPixel,
    ushort PlanarConfiguration,
    ushort Compression,
    ushort Photometric,
    ushort FillOrder,
    long RowsPerStrip,
    bool Tiled,
    long TileWidth,
    long TileLength,
    ushort YCbCrSubsampling = 0,
    ushort Predictor = 1)
{
    private const ushort YCbCrFlag = 0x8000;

    /// <summary>True for a YCbCr image whose chroma is subsampled (stored in blocks, not per pixel).</summary>
    public bool IsSubsampledYCbCr => (YCbCrSubsampling & YCbCrFlag) != 0 && (YCbCrSubsampling & ~YCbCrFlag) != 0x0101;

    /// <summary>The tag 530 factors (horizontal, vertical) of a YCbCr layout.</summary>
    public (int Horizontal, int Vertical) YCbCrFactors => ((YCbCrSubsampling >> 8) & 0x7F, YCbCrSubsampling & 0xFF);

    /// <summary>Packs YCbCr subsampling factors: a flag bit, then horizontal (7 bits) and vertical (8 bits), clamped.</summary>
    public static ushort PackYCbCr(long horizontal, long vertical) =>
        (ushort)(YCbCrFlag | (Math.Clamp(horizontal, 0, 127) << 8) | Math.Clamp(vertical, 0, 255));
}
