using System.CommandLine;
using ScanImageTiff.Cli.Input;

namespace ScanImageTiff.Cli.Commands;

/// <summary>The frame-selection options of <c>data</c> and <c>stream</c>.</summary>
internal sealed class SelectionOptions
{
    public Option<string?> Frames { get; } = new("--frames")
    {
        Description = "Global IFD range A:B over all files, half-open; A or B may be omitted, negative counts from the end (Python slice); or one index N",
        HelpName = "A:B",
    };

    public Option<int?> Channel { get; } = new("--channel")
    {
        Description = "Only this ScanImage channel (its number as in channelSave, e.g. 1 or 4); needs ScanImage acquisition structure",
    };

    public Option<int?> Slice { get; } = new("--slice")
    {
        Description = "Only this slice (0-based); needs ScanImage acquisition structure",
        HelpName = "Z",
    };

    public Option<int?> Volume { get; } = new("--volume")
    {
        Description = "Only this volume (0-based); needs ScanImage acquisition structure",
        HelpName = "V",
    };

    public Option<int?> Roi { get; } = new("--roi")
    {
        Description = "Only this mROI field (0-based, see info --json rois); needs ScanImage acquisition structure",
        HelpName = "K",
    };

    public void AddTo(Command command)
    {
        command.Add(Frames);
        command.Add(Channel);
        command.Add(Slice);
        command.Add(Volume);
        command.Add(Roi);
    }

    public (FrameRange Range, StructureRequest Structure) Read(ParseResult parse)
    {
        var text = parse.GetValue(Frames);
        var range = text is null ? FrameRange.All : FrameRange.Parse(text);
        return (range, new StructureRequest(parse.GetValue(Channel), parse.GetValue(Slice), parse.GetValue(Volume), parse.GetValue(Roi)));
    }
}
