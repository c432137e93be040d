namespace ScanImageTiff.ScanImage;

/// <summary>One scanfield (rotated rectangle) of a ScanImage ROI, from the ROI group JSON.</summary>
/// <param name="CenterX">X of <c>centerXY</c>, in scan-angle reference units (degrees in recent versions); NaN when absent.</param>
/// <param name="CenterY">Y of <c>centerXY</c>; NaN when absent.</param>
/// <param name="SizeX">Width from <c>sizeXY</c>, in the same units; NaN when absent.</param>
/// <param name="SizeY">Height from <c>sizeXY</c>; NaN when absent.</param>
/// <param name="RotationDegrees"><c>rotationDegrees</c>; 0 when absent.</param>
/// <param name="PixelWidth">Pixels per line: <c>pixelResolutionXY[0]</c>; 0 when absent.</param>
/// <param name="PixelHeight">Lines: <c>pixelResolutionXY[1]</c>; 0 when absent.</param>
/// <param name="Z">
/// The z of this scanfield: the ROI's <c>zs[i]</c> for scanfield i when <c>zs</c> has that many entries,
/// else <c>zs[0]</c>, else null.
/// </param>
/// <param name="Enabled"><c>enable</c>; true when absent.</param>
public sealed record Scanfield(
    double CenterX,
    double CenterY,
    double SizeX,
    double SizeY,
    double RotationDegrees,
    int PixelWidth,
    int PixelHeight,
    double? Z,
    bool Enabled);
