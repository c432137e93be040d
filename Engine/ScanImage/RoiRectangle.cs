namespace ScanImageTiff.ScanImage;

/// <summary>
/// Where one multi-ROI field sits inside a page: ScanImage stacks the fields of one plane vertically,
/// left-aligned, separated by fly-to lines.
/// </summary>
/// <param name="Index">0-based ROI index (order in the imaging ROI group).</param>
/// <param name="Name">The ROI's name.</param>
/// <param name="Row">First row in the page.</param>
/// <param name="Column">First column in the page (0).</param>
/// <param name="Height">Rows (the scanfield's pixelResolutionXY[1]).</param>
/// <param name="Width">Columns (the scanfield's pixelResolutionXY[0]).</param>
public sealed record RoiRectangle(int Index, string Name, int Row, int Column, int Height, int Width);
