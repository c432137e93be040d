namespace ScanImageTiff.Cli.Input;

/// <summary>
/// The ScanImage-structure part of a selection: <c>--channel</c> (a ScanImage channel number as in
/// <c>channelSave</c>, e.g. 1 or 4), <c>--slice</c>, <c>--volume</c> and <c>--roi</c> (0-based).
/// </summary>
internal sealed record StructureRequest(int? Channel, int? Slice, int? Volume, int? Roi)
{
    public bool IsEmpty => Channel is null && Slice is null && Volume is null && Roi is null;

    /// <summary>The options given, for messages: <c>--channel 2 --slice 0</c>.</summary>
    public string Describe()
    {
        var parts = new List<string>(4);
        if (Channel is { } c) parts.Add($"--channel {c}");
        if (Slice is { } s) parts.Add($"--slice {s}");
        if (Volume is { } v) parts.Add($"--volume {v}");
        if (Roi is { } r) parts.Add($"--roi {r}");
        return string.Join(' ', parts);
    }
}
