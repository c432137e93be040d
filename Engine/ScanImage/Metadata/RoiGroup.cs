namespace ScanImageTiff.ScanImage;

/// <summary>A ScanImage ROI group (imaging, photostimulation or integration).</summary>
/// <param name="Name"><c>name</c>, e.g. <c>Default Imaging ROI Group</c>; empty when absent.</param>
/// <param name="Rois">The ROIs in file order (for multi-ROI imaging, the order in which they are stacked in each IFD).</param>
public sealed record RoiGroup(string Name, IReadOnlyList<Roi> Rois);
