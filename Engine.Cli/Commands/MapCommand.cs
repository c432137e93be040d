using System.CommandLine;
using System.Text.Json.Nodes;
using ScanImageTiff.ScanImage;
using ScanImageTiff.Cli.Output;
using ScanImageTiff.Cli.ScanImage;

namespace ScanImageTiff.Cli.Commands;

/// <summary><c>sitiff map FILE... [--json]</c>: where every IFD sits in the acquisition.</summary>
internal static class MapCommand
{
    public static Command Create(CliContext context) =>
        CommandInputs.FilesCommand(context, "map", "Volume, slice, frame, channel and flyback flag of every IFD (ifd is global over the files given; file is its path)", "A JSON array, one object per IFD and line: {ifd, file, volume, slice, frame, channel, flyback}", (files, json) => Run(context, files, json));

    private static int Run(CliContext context, ScanImageAcquisition files, bool json)
    {
        var map = ScanImageSummary.Map(files);
        var output = context.Out;
        if (!json)
        {
            output.WriteLine("ifd\tvolume\tslice\tframe\tchannel\tflyback\tfile");
            foreach (var e in map)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                output.WriteLine($"{e.Ifd}\t{e.Volume}\t{Dash(e.Slice)}\t{Dash(e.Frame)}\t{e.Channel}\t{(e.Flyback ? "yes" : "no")}\t{files.Files[e.File].FilePath}");
            }

            return ExitCodes.Success;
        }

        // One entry per line keeps a 32 000-IFD map greppable and still one JSON document.
        output.Write('[');
        for (var i = 0; i < map.Count; i++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var e = map[i];
            var entry = new JsonObject
            {
                ["ifd"] = e.Ifd,
                ["file"] = files.Files[e.File].FilePath,
                ["volume"] = e.Volume,
                ["slice"] = e.Slice,
                ["frame"] = e.Frame,
                ["channel"] = e.Channel,
                ["flyback"] = e.Flyback,
            };
            output.Write(i == 0 ? "\n  " : ",\n  ");
            output.Write(entry.ToJsonString(JsonOutput.Compact));
        }

        output.WriteLine(map.Count == 0 ? "]" : "\n]");
        return ExitCodes.Success;
    }

    private static string Dash(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-";
}
