namespace ScanImageTiff.ScanImage;

/// <summary>One ROI of a ScanImage ROI group.</summary>
/// <param name="Name"><c>name</c>; empty when absent.</param>
/// <param name="Scanfields">The scanfields, whether JSONlab wrote them as one object or as an array.</param>
/// <param name="Zs">The ROI's <c>zs</c> (a number or an array in the JSON); empty when absent or empty.</param>
/// <param name="DiscretePlaneMode"><c>discretePlaneMode</c>: the ROI exists only at its listed z planes instead of spanning/interpolating between them.</param>
/// <param name="Enabled"><c>enable</c>; true when absent.</param>
public sealed record Roi(
    string Name,
    IReadOnlyList<Scanfield> Scanfields,
    IReadOnlyList<double> Zs,
    bool DiscretePlaneMode,
    bool Enabled);
