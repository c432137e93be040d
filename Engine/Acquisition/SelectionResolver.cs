using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Acquisition;

/// <summary>Turns an <see cref="AcquisitionSelection"/> into the global IFDs it picks, checking every filter against the structure.</summary>
internal static class SelectionResolver
{
    public static SelectedFrames Resolve(ScanImageAcquisition acquisition, AcquisitionSelection? selection)
    {
        selection ??= AcquisitionSelection.All;
        var count = acquisition.FrameCount;
        var start = selection.Start ?? 0;
        var end = selection.End ?? count;
        if (start < 0 || end < start || end > count)
        {
            throw new ArgumentOutOfRangeException(nameof(selection), $"[{start}, {end}) is not an IFD range of the acquisition, which has {count} IFDs");
        }

        if (!selection.NeedsStructure && selection.IncludeFlyback)
        {
            // Every IFD of the range: no structure needed (the pixels of a file with unreadable metadata stay readable).
            return new SelectedFrames(acquisition, start, end, null);
        }

        var structure = acquisition.Structure;
        RoiRectangle? roi = null;
        if (selection.NeedsStructure && structure is null)
        {
            throw new ArgumentException($"selecting channels, slices, volumes or a ROI needs ScanImage structure, and {acquisition.Files[0].FilePath} is not a ScanImage file", nameof(selection));
        }

        if (selection.Roi is { } r)
        {
            var rois = acquisition.Rois;
            roi = (uint)r < (uint)rois.Count
                ? rois[r]
                : throw new ArgumentOutOfRangeException(nameof(selection), r, rois.Count == 0
                    ? $"{acquisition.Files[0].FilePath} has no multi-ROI fields (multi-ROI is off)"
                    : $"ROI {r}: the acquisition has {rois.Count} ROIs (0 to {rois.Count - 1})");
        }

        // No structure, or no filter and no flyback frame to skip: every IFD of the range, without locating each.
        if (structure is null || (selection.Channels is null && selection.Slices is null && selection.Volumes is null && structure.FlybackFramesPerVolume == 0))
        {
            return new SelectedFrames(acquisition, start, end, roi);
        }

        Check(selection.Channels, c => structure.Channels.Contains(c), $"saved channels are {string.Join(", ", structure.Channels)}", "channel");
        Check(selection.Slices, z => z >= 0 && z < structure.SlicesPerVolume, $"volumes have {structure.SlicesPerVolume} slices (0 to {structure.SlicesPerVolume - 1})", "slice");
        Check(selection.Volumes, v => v >= 0, "volumes are numbered from 0", "volume");
        // A volume list becomes a set once, so the filter stays linear in the IFDs.
        var volumes = selection.Volumes is { } vs ? new HashSet<int>(vs) : null;
        var ifds = new List<int>(end - start);
        for (var i = start; i < end; i++)
        {
            if (selection.Matches(structure.Locate(i), volumes))
            {
                ifds.Add(i);
            }
        }

        return new SelectedFrames(acquisition, [.. ifds], roi);
    }

    private static void Check(IReadOnlyList<int>? values, Func<int, bool> valid, string rule, string what)
    {
        if (values is null)
        {
            return;
        }

        foreach (var v in values)
        {
            if (!valid(v))
            {
                throw new ArgumentOutOfRangeException(nameof(values), v, $"{what} {v}: {rule}");
            }
        }
    }
}
