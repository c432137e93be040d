using System.Globalization;

namespace ScanImageTiff.ScanImage;

/// <summary>
/// Places the multi-ROI fields inside a page. The gap (fly-to lines) is derived from the page itself —
/// (page height − Σ ROI heights) / (ROIs − 1) — because ScanImage's own formulas for it disagree in edge
/// cases; the metadata's fly-to time is only used as a cross-check.
/// </summary>
internal static class RoiLayout
{
    public static (RoiRectangle[] Rois, string? Note) Compute(ScanImageMetadata metadata, int pageWidth, int pageHeight)
    {
        if (metadata.Era != ScanImageEra.SI2016Plus || metadata.Get("SI.hRoiManager.mroiEnable") is not { } flag)
        {
            return ([], null);
        }

        if (!(flag.Kind == MatlabValueKind.Logical || (flag.Kind == MatlabValueKind.Number && flag.AsDouble() is 0 or 1)))
        {
            // A flag that is neither true nor false says nothing: multi-ROI is treated as off, and the note says why.
            return ([], $"SI.hRoiManager.mroiEnable = {Truncate(flag.RawText)} is not a flag (true/false, 1/0); multi-ROI is treated as off");
        }

        if (!flag.AsBoolean())
        {
            return ([], null);
        }

        var rois = metadata.Rois.ImagingRoiGroup?.Rois.Where(r => r.Enabled && r.Scanfields.Count > 0).ToArray() ?? [];
        if (rois.Length == 0)
        {
            return ([], "multi-ROI is on but the imaging ROI group has no enabled ROI with a scanfield");
        }

        var heights = rois.Select(r => r.Scanfields[0].PixelHeight).ToArray();
        var widths = rois.Select(r => r.Scanfields[0].PixelWidth).ToArray();
        var sum = heights.Sum(h => (long)h);
        var spare = pageHeight - sum;
        if (spare < 0 || widths.Any(w => w > pageWidth) || (rois.Length > 1 && spare % (rois.Length - 1) != 0) || (rois.Length == 1 && spare != 0))
        {
            throw new NotSupportedException(
                $"the {rois.Length} imaging ROIs ({string.Join(" + ", heights)} rows, widths {string.Join(", ", widths)}) do not tile a {pageWidth} x {pageHeight} page " +
                "with equal fly-to gaps; ROIs that exist only at some z planes are not supported");
        }

        var gap = rois.Length > 1 ? (int)(spare / (rois.Length - 1)) : 0;
        var result = new RoiRectangle[rois.Length];
        var row = 0;
        for (var i = 0; i < rois.Length; i++)
        {
            result[i] = new RoiRectangle(i, rois[i].Name, row, 0, heights[i], widths[i]);
            row += heights[i] + gap;
        }

        return (result, CrossCheck(metadata, gap, rois.Length));
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 37), "...");

    private static string? CrossCheck(ScanImageMetadata metadata, int gap, int count)
    {
        if (count < 2 || metadata.Get("SI.hScan2D.flytoTimePerScanfield") is not { Kind: MatlabValueKind.Number } flyto
            || metadata.Get("SI.hRoiManager.linePeriod") is not { Kind: MatlabValueKind.Number } linePeriod || linePeriod.AsDouble() <= 0)
        {
            return null;
        }

        var expected = (int)Math.Round(flyto.AsDouble() / linePeriod.AsDouble());
        return expected == gap
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"the page has {gap} fly-to lines between ROIs; flytoTimePerScanfield / linePeriod suggests {expected} (the page's count is used)");
    }
}
