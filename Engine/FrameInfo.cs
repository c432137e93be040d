namespace ScanImageTiff;

/// <summary>What the reader knows about one frame (IFD): its shape, sample type and where its bytes are.</summary>
/// <param name="Index">0-based frame (IFD) index.</param>
/// <param name="Width">Pixels per row (ImageWidth).</param>
/// <param name="Height">Rows (ImageLength).</param>
/// <param name="SamplesPerPixel">Samples per pixel (1 for every ScanImage file).</param>
/// <param name="BitsPerSample">Bits per sample.</param>
/// <param name="PixelType">Sample type, or null when the frame cannot be read (see <paramref name="Unsupported"/>).</param>
/// <param name="Unsupported">Why the frame's pixels cannot be read (names the tag and value), or null.</param>
/// <param name="ByteCount">Bytes of the decoded frame: Width × Height × SamplesPerPixel × sample size.</param>
/// <param name="IsContiguous">True when the frame's strips form one run of bytes in the file (the zero-copy path).</param>
/// <param name="IfdOffset">Byte offset of the frame's IFD.</param>
/// <param name="DataOffset">Byte offset of the frame's first strip (-1 for tiled frames).</param>
public readonly record struct FrameInfo(
    int Index,
    int Width,
    int Height,
    int SamplesPerPixel,
    int BitsPerSample,
    PixelType? PixelType,
    string? Unsupported,
    long ByteCount,
    bool IsContiguous,
    long IfdOffset,
    long DataOffset)
{
    /// <summary>Samples in the frame: Width × Height × SamplesPerPixel.</summary>
    public long ElementCount => (long)Width * Height * SamplesPerPixel;

    /// <summary>Same width, height, samples and sample type (and both readable or both not).</summary>
    public bool SameShape(in FrameInfo other) =>
        Width == other.Width && Height == other.Height && SamplesPerPixel == other.SamplesPerPixel
        && BitsPerSample == other.BitsPerSample && PixelType == other.PixelType;

    /// <summary>e.g. <c>512 x 512 int16</c>.</summary>
    public string Describe() =>
        $"{Width} x {Height}{(SamplesPerPixel > 1 ? $" x {SamplesPerPixel}" : string.Empty)} {PixelType?.NumpyName() ?? $"{BitsPerSample}-bit (unsupported)"}";
}
