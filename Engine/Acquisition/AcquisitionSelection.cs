namespace ScanImageTiff.Acquisition;

/// <summary>
/// Which frames of a <see cref="ScanImage.ScanImageAcquisition"/> to read, stream or export: any combination of
/// ScanImage channels, slices, volumes, a global IFD range and one multi-ROI field. Flyback frames are
/// skipped unless <see cref="IncludeFlyback"/>. Every filter left null means "all".
/// </summary>
/// <remarks>Channels, slices, volumes, ROI and flyback need ScanImage structure; a plain TIFF accepts only the range.</remarks>
public sealed record AcquisitionSelection
{
    /// <summary>Every frame that images a plane (no flyback frames).</summary>
    public static AcquisitionSelection All { get; } = new();

    /// <summary>ScanImage channel numbers as in <c>channelSave</c> (1-based, e.g. 1 and 4), or null for all.</summary>
    public IReadOnlyList<int>? Channels { get; init; }

    /// <summary>0-based z planes, or null for all.</summary>
    public IReadOnlyList<int>? Slices { get; init; }

    /// <summary>0-based volumes (as in <see cref="ScanImage.FrameCoordinates.Volume"/>), or null for all.</summary>
    public IReadOnlyList<int>? Volumes { get; init; }

    /// <summary>First global IFD of the range (default 0).</summary>
    public int? Start { get; init; }

    /// <summary>One past the last global IFD of the range (default: the frame count).</summary>
    public int? End { get; init; }

    /// <summary>One multi-ROI field (index in <see cref="ScanImage.ScanImageAcquisition.Rois"/>): each frame is cropped to it.</summary>
    public int? Roi { get; init; }

    /// <summary>Keep FastZ flyback frames (never when <see cref="Slices"/> is set: they image no slice).</summary>
    public bool IncludeFlyback { get; init; }

    /// <summary>True when the selection needs ScanImage structure (channels, slices, volumes or a ROI).</summary>
    public bool NeedsStructure => Channels is not null || Slices is not null || Volumes is not null || Roi is not null;

    /// <summary>True when a frame at <paramref name="p"/> passes the channel, slice, volume and flyback filters (not the range).</summary>
    /// <param name="p">The frame's coordinates.</param>
    /// <param name="volumes"><see cref="Volumes"/> as a set, for long lists; null to search the list.</param>
    internal bool Matches(in ScanImage.FrameCoordinates p, HashSet<int>? volumes = null) =>
        (Channels is null || Channels.Contains(p.Channel))
        && (Volumes is null || (volumes?.Contains(p.Volume) ?? Volumes.Contains(p.Volume)))
        && (p.IsFlyback ? IncludeFlyback && Slices is null : Slices is null || Slices.Contains(p.Slice));
}
