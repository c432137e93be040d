using ScanImageTiff.Tiff.Compression;

namespace ScanImageTiff.Tiff;

/// <summary>Tag values of one IFD as <see cref="IfdEntryParser"/> decodes them, with TIFF defaults.</summary>
internal struct IfdValues
{
    public long Width = -1;
    public long Height = -1;
    public long Bits = 1;
    public bool MixedBits;
    public long SampleFormat = 1;
    public bool MixedFormat;
    public long SamplesPerPixel = 1;
    public long Planar = 1;
    public long Predictor = 1;
    public long Compression = 1;
    public long Photometric = 1;
    public long FillOrder = 1;
    public long RowsPerStrip = -1;
    public bool Tiled;
    public long TileWidth = -1;
    public long TileLength = -1;

    // TIFF 6.0 default: chroma subsampled 2:1 both ways (only used when PhotometricInterpretation is YCbCr).
    public long YCbCrHorizontal = 2;
    public long YCbCrVertical = 2;
    public long DescOffset = -1;
    public int DescLength;
    public long StripOffsetsAt = -1;
    public long StripOffsetsCount;
    public ushort StripOffsetsType;
    public long StripOffsetsEntry;
    public long StripCountsAt = -1;
    public long StripCountsCount;
    public ushort StripCountsType;
    public long StripCountsEntry;

    /// <summary>Software (305) and Artist (315) tag regions, recorded for IFD 0 only.</summary>
    public (long Offset, long Count) Software = (-1, 0);

    /// <inheritdoc cref="Software"/>
    public (long Offset, long Count) Artist = (-1, 0);

    /// <summary>The first tag whose data lies past the end of the file: the IFD is cut off, not malformed.</summary>
    public (long Offset, string Problem)? Cut;

    private const int PhotometricYCbCr = 6;

    public IfdValues()
    {
    }

    /// <summary>The frame layout these values describe; throws <see cref="TiffFormatException"/> when they cannot describe one.</summary>
    public readonly FrameLayout ToLayout(long ifdOffset, int index)
    {
        if (Width < 0 || Height < 0)
        {
            throw new TiffFormatException(Width < 0 ? "IFD has no ImageWidth (256) tag" : "IFD has no ImageLength (257) tag", ifdOffset, index);
        }

        if (Width == 0 || Height == 0 || Width > uint.MaxValue || Height > uint.MaxValue)
        {
            throw new TiffFormatException($"image size {Width} x {Height} is invalid", ifdOffset, index);
        }

        if (SamplesPerPixel is < 1 or > 64 || Bits is < 1 or > 64)
        {
            throw new TiffFormatException($"{SamplesPerPixel} samples per pixel of {Bits} bits is invalid", ifdOffset, index);
        }

        return new FrameLayout(
            Width, Height, (ushort)Bits, MixedBits, (ushort)SampleFormat, MixedFormat, (ushort)SamplesPerPixel,
            (ushort)Planar, (ushort)Math.Min(Compression, ushort.MaxValue), (ushort)Math.Min(Photometric, ushort.MaxValue),
            (ushort)Math.Min(FillOrder, ushort.MaxValue), RowsPerStrip <= 0 || RowsPerStrip > Height ? Height : RowsPerStrip, Tiled,
            Tiled ? TileWidth : -1, Tiled ? TileLength : -1,
            Photometric == PhotometricYCbCr ? FrameLayout.PackYCbCr(YCbCrHorizontal, YCbCrVertical) : (ushort)0,
            PredictorOf(Compression, Predictor));
    }

    /// <summary>
    /// Tag 317 as the codecs see it: libtiff applies a predictor only after LZW, Deflate, Zstandard and LZMA
    /// (not to uncompressed or PackBits data), so elsewhere the tag is ignored, as libtiff ignores it.
    /// </summary>
    private static ushort PredictorOf(long compression, long predictor) =>
        compression is TiffCompression.Lzw or TiffCompression.AdobeDeflate or TiffCompression.Deflate or TiffCompression.Zstd or TiffCompression.Lzma
            ? (ushort)Math.Clamp(predictor, 0, ushort.MaxValue)
            : TiffCompression.PredictorNone;
}
