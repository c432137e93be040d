using System.CommandLine;
using System.Text.Json.Nodes;
using ScanImageTiff.Cli.Input;
using ScanImageTiff.Cli.Output;
using ScanImageTiff.Cli.ScanImage;

namespace ScanImageTiff.Cli.Commands;

/// <summary><c>sitiff info FILE... [--json]</c>: frame count, shape, type, byte order and ScanImage summary.</summary>
internal static class InfoCommand
{
    public static Command Create(CliContext context) =>
        CommandInputs.FilesCommand(context, "info", "Frame count, frame shape, sample type, byte order and the ScanImage summary of one file or a multi-file acquisition", "One JSON object: frames, width, height, uniform, dtype, byteOrder, bigTiff, files, scanImage", (files, json) => Run(context, files, json));

    private static int Run(CliContext context, FileSet files, bool json)
    {
        var summary = Summarize(files);
        if (json)
        {
            JsonOutput.WriteIndented(context.Out, summary);
        }
        else
        {
            WriteTable(context.Out, files, summary);
        }

        return ExitCodes.Success;
    }

    /// <summary>The object of <c>info --json</c> (its field names are a contract).</summary>
    internal static JsonObject Summarize(FileSet files)
    {
        if (files.FrameCount == 0)
        {
            throw new CliFileException($"{files.Readers[0].FilePath}: no intact frames");
        }

        var f0 = files.GetFrameInfo(0);
        var first = files.Readers[0];
        var uniform = true;
        foreach (var r in files.Readers)
        {
            uniform &= r.FrameCount == 0 || (r.IsUniform && r.GetFrameInfo(0).SameShape(f0));
        }

        var paths = new JsonArray();
        foreach (var r in files.Readers)
        {
            paths.Add(r.FilePath);
        }

        return new JsonObject
        {
            ["frames"] = files.FrameCount,
            ["width"] = f0.Width,
            ["height"] = f0.Height,
            ["uniform"] = uniform,
            ["dtype"] = f0.PixelType?.NumpyName(),
            ["byteOrder"] = first.ByteOrder == TiffByteOrder.LittleEndian ? "little" : "big",
            ["bigTiff"] = first.IsBigTiff,
            ["files"] = paths,
            ["scanImage"] = ScanImageSummary.Describe(files),
        };
    }

    private static void WriteTable(TextWriter output, FileSet files, JsonObject summary)
    {
        void Row(string name, string value) => output.WriteLine($"{name,-14}{value}");

        for (var i = 0; i < files.Count; i++)
        {
            var r = files.Readers[i];
            Row(i == 0 ? (files.Count == 1 ? "file" : "files") : string.Empty, files.Count == 1 ? r.FilePath : $"{r.FilePath} ({r.FrameCount} IFDs)");
        }

        var f0 = files.GetFrameInfo(0);
        Row("frames", $"{files.FrameCount}");
        Row("width", $"{f0.Width}");
        Row("height", $"{f0.Height}");
        if (f0.SamplesPerPixel > 1)
        {
            Row("samples", $"{f0.SamplesPerPixel} per pixel");
        }

        Row("dtype", f0.PixelType?.NumpyName() ?? $"unsupported: {f0.Unsupported}");
        Row("byte order", (string)summary["byteOrder"]!);
        Row("BigTIFF", (bool)summary["bigTiff"]! ? "yes" : "no");
        Row("uniform", (bool)summary["uniform"]! ? "yes (every frame has this shape and type)" : "no (frames differ in shape or type)");
        if (summary["scanImage"] is not JsonObject si)
        {
            Row("ScanImage", "no (not a ScanImage file)");
            return;
        }

        var version = si["formatVersion"] is null ? string.Empty : $" (block version {Text(si["formatVersion"])})";
        Row("ScanImage", $"era {Text(si["era"])}{version}, {Text(si["metadataFormat"])} metadata");
        Row("channels", string.Join(", ", si["channels"]!.AsArray().Select(c => Text(c))));
        var flyback = (int)si["flybackFramesPerVolume"]!;
        Row("slices", $"{Text(si["slices"])} per volume" + (flyback > 0 ? $" (+{flyback} flyback frames per volume on disk)" : string.Empty));
        Row("frames/slice", Text(si["framesPerSlice"]));
        var partial = (int)si["ifdsInPartialVolume"]!;
        Row("volumes", $"{Text(si["volumes"])} complete" + (partial > 0 ? $", {partial} IFDs in an incomplete volume" : string.Empty)
            + (si["volumesInMetadata"] is { } announced ? $" ({Text(announced)} in the metadata)" : string.Empty)
            + (si["stackMode"] is { } mode ? $", {Text(mode)} stack" : string.Empty));
        var rois = si["rois"]!.AsArray();
        Row("ROIs", rois.Count == 0 ? "none (multi-ROI off)" : $"{rois.Count}");
        foreach (var roi in rois)
        {
            Row(string.Empty, $"{Text(roi!["name"])}: rows {Text(roi["row"])}+{Text(roi["height"])}, columns {Text(roi["col"])}+{Text(roi["width"])}");
        }

        if (si["roiProblem"] is { } problem)
        {
            Row("ROI problem", Text(problem));
        }
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => "unknown",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(JsonOutput.Compact),
    };
}
