namespace ScanImageTiff.Tiff;

/// <summary>
/// The tag values that decide how a frame's bytes become pixels. Consecutive IFDs almost always
/// share one layout, so the frame table stores a layout index per IFD instead of these fields.
/// </summary>
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
    long TileLength);
