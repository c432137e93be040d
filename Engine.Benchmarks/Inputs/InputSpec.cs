using System.Globalization;

namespace ScanImageTiff.Benchmarks.Inputs;

/// <summary>What one input file holds: int16 frames of one shape, in classic or BigTIFF (optionally ScanImage) layout.</summary>
/// <param name="Kind">Which input.</param>
/// <param name="Frames">Frames in the file (smaller in smoke mode).</param>
/// <param name="Width">Pixels per row.</param>
/// <param name="Height">Rows.</param>
/// <param name="BigTiff">BigTIFF or classic TIFF.</param>
/// <param name="ScanImageLayout">With the ScanImage 2016+ block (requires BigTIFF).</param>
public sealed record InputSpec(InputKind Kind, int Frames, int Width, int Height, bool BigTiff, bool ScanImageLayout)
{
    /// <summary>Samples per frame.</summary>
    public int ElementsPerFrame => Width * Height;

    /// <summary>Pixel bytes per frame (int16).</summary>
    public long FrameBytes => (long)ElementsPerFrame * sizeof(short);

    /// <summary>Pixel bytes of the whole file.</summary>
    public long PixelBytes => FrameBytes * Frames;

    /// <summary>
    /// File name that encodes everything the content depends on, so a reused file is always the right
    /// one. Bump the trailing version when the generator changes.
    /// </summary>
    public string FileName => string.Create(
        CultureInfo.InvariantCulture,
        $"{Kind}-{Frames}x{Height}x{Width}-int16-{(BigTiff ? "bigtiff" : "classic")}{(ScanImageLayout ? "-scanimage" : string.Empty)}-v1.tif");
}
