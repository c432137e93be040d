namespace ScanImageTiff.Tiff;

/// <summary>Tag codes the indexer looks at (TIFF 6.0, BigTIFF).</summary>
internal static class TiffTag
{
    public const ushort NewSubfileType = 254;
    public const ushort ImageWidth = 256;
    public const ushort ImageLength = 257;
    public const ushort BitsPerSample = 258;
    public const ushort Compression = 259;
    public const ushort PhotometricInterpretation = 262;
    public const ushort FillOrder = 266;
    public const ushort ImageDescription = 270;
    public const ushort StripOffsets = 273;
    public const ushort Orientation = 274;
    public const ushort SamplesPerPixel = 277;
    public const ushort RowsPerStrip = 278;
    public const ushort StripByteCounts = 279;
    public const ushort XResolution = 282;
    public const ushort YResolution = 283;
    public const ushort PlanarConfiguration = 284;
    public const ushort ResolutionUnit = 296;
    public const ushort Software = 305;
    public const ushort Artist = 315;
    public const ushort Predictor = 317;
    public const ushort TileWidth = 322;
    public const ushort TileLength = 323;
    public const ushort TileOffsets = 324;
    public const ushort TileByteCounts = 325;
    public const ushort SampleFormat = 339;
    public const ushort YCbCrSubSampling = 530;
}
