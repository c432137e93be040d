namespace ScanImageTiff.Acquisition;

/// <summary>The shape and sample type of a frame as read (after a ROI crop).</summary>
/// <param name="Width">Pixels per row.</param>
/// <param name="Height">Rows.</param>
/// <param name="SamplesPerPixel">Samples per pixel (1 for ScanImage).</param>
/// <param name="PixelType">Sample type.</param>
public readonly record struct FrameShape(int Width, int Height, int SamplesPerPixel, PixelType PixelType)
{
    /// <summary>Samples in the frame.</summary>
    public long ElementCount => (long)Width * Height * SamplesPerPixel;

    /// <summary>Bytes of the frame's samples.</summary>
    public long ByteCount => ElementCount * PixelType.Size();

    /// <summary><c>512 x 512 int16</c>.</summary>
    public override string ToString() =>
        $"{Width} x {Height}{(SamplesPerPixel > 1 ? $" x {SamplesPerPixel}" : string.Empty)} {PixelType.NumpyName()}";
}
