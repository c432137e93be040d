using System.CommandLine;
using System.Text.Json.Nodes;
using ScanImageTiff.Cli.Input;
using ScanImageTiff.Cli.Output;
using ScanImageTiff.Cli.ScanImage;

namespace ScanImageTiff.Cli.Commands;

/// <summary><c>sitiff info FILE... [--json]</c>: frame count, shape, type, byte order and ScanImage summary.</summary>
internal static class InfoCommand
{
    public static Command Create(CliContext context)
    {
        var files = CommandInputs.Files();
        var json = CommandInputs.Json("One JSON object: frames, width, height, uniform, dtype, byteOrder, bigTiff, files, scanImage");
        var salvage = CommandInputs.Salvage();
        var command = new Command("info", "Frame count, frame shape, sample type, byte order and the ScanImage summary of one file or a multi-file acquisition")
        {
            files, json, salvage,
        };
        command.SetAction(parse => Run(context, parse.GetRequiredValue(files), parse.GetValue(json), parse.GetValue(salvage)));
        return command;
    }

    private static int Run(CliContext context, string[] paths, bool json, bool salvage)
    {
        using var files = FileSet.Open(paths, salvage, context);
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
            Row("ScanImage", "no ScanImage 2016+ metadata block");
            return;
        }

        Row("ScanImage", $"era {Text(si["era"])}, format version {Text(si["formatVersion"])}, {Text(si["metadataFormat"])} metadata");
        foreach (var (key, value) in si)
        {
            if (key is "era" or "formatVersion" or "metadataFormat" || value is null || value is JsonArray { Count: 0 })
            {
                continue;
            }

            Row("  " + key, value is JsonValue ? Text(value) : value.ToJsonString(JsonOutput.Compact));
        }
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => "unknown",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(JsonOutput.Compact),
    };
}
