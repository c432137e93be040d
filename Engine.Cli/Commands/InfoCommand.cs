using System.CommandLine;
using System.Text.Json.Nodes;
using ScanImageTiff.Acquisition;
using ScanImageTiff.Cli.Input;
using ScanImageTiff.ScanImage;
using ScanImageTiff.Cli.Output;
using ScanImageTiff.Cli.ScanImage;

namespace ScanImageTiff.Cli.Commands;

/// <summary>
/// <c>sitiff info FILE... [--json] [--siblings]</c>: frame count, shape, type, byte order and ScanImage summary of one
/// acquisition; files that are not one acquisition (different ScanImage metadata, or unrelated plain TIFFs) are
/// reported one by one (a JSON array of the same objects).
/// </summary>
internal static class InfoCommand
{
    public static Command Create(CliContext context)
    {
        var files = CommandInputs.Files();
        var json = CommandInputs.Json("One JSON object: frames, width, height, uniform, dtype, byteOrder, bigTiff, files, scanImage; an array of them for files that are not one acquisition");
        var salvage = CommandInputs.Salvage();
        var siblings = CommandInputs.Siblings();
        var command = new Command("info", "Frame count, frame shape, sample type, byte order and the ScanImage summary of one file or a multi-file acquisition; unrelated files one by one")
        {
            files, json, salvage, siblings,
        };
        command.SetAction(parse => Run(
            context, AcquisitionInput.Expand(parse.GetRequiredValue(files), parse.GetValue(siblings)), parse.GetValue(json), parse.GetValue(salvage)));
        return command;
    }

    private static int Run(CliContext context, IReadOnlyList<string> paths, bool json, bool salvage)
    {
        var groups = new List<ScanImageAcquisition>();
        try
        {
            if (TryOpenOne(paths, salvage, context) is { } one)
            {
                groups.Add(one);
            }
            else
            {
                foreach (var path in paths)
                {
                    groups.Add(AcquisitionInput.OpenOne(path, salvage, context));
                }
            }

            var summaries = groups.Select(Summarize).ToList();
            if (json)
            {
                JsonOutput.WriteIndented(context.Out, summaries.Count == 1 ? summaries[0] : new JsonArray([.. summaries]));
                return ExitCodes.Success;
            }

            for (var i = 0; i < groups.Count; i++)
            {
                if (i > 0)
                {
                    context.Out.WriteLine();
                }

                WriteTable(context.Out, groups[i], summaries[i]);
            }

            return ExitCodes.Success;
        }
        finally
        {
            foreach (var g in groups)
            {
                g.Dispose();
            }
        }
    }

    /// <summary>The files as one acquisition, or null when they are not one: ScanImage metadata that differ, or plain TIFFs whose names are not one acquisition's.</summary>
    private static ScanImageAcquisition? TryOpenOne(IReadOnlyList<string> paths, bool salvage, CliContext context)
    {
        if (paths.Count == 1)
        {
            return AcquisitionInput.Open(paths, salvage, context);
        }

        ScanImageAcquisition acquisition;
        try
        {
            acquisition = ScanImageAcquisition.Open(paths, AcquisitionInput.ReadOnce);
        }
        catch (InvalidDataException)
        {
            return null;
        }

        var siblings = ScanImageAcquisition.FindSiblings(paths[0]).Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        var sameNames = paths.All(p => siblings.Contains(Path.GetFullPath(p)));
        if (acquisition.Metadata is null && !sameNames)
        {
            acquisition.Dispose();
            return null;
        }

        try
        {
            foreach (var reader in acquisition.Files)
            {
                AcquisitionInput.Check(reader, salvage, context);
            }

            return acquisition;
        }
        catch
        {
            acquisition.Dispose();
            throw;
        }
    }

    /// <summary>The object of <c>info --json</c> (its field names are a contract).</summary>
    internal static JsonObject Summarize(ScanImageAcquisition files)
    {
        if (files.FrameCount == 0)
        {
            throw new CliFileException($"{files.Files[0].FilePath}: no intact frames");
        }

        var f0 = files.GetFrameInfo(0);
        var first = files.Files[0];
        var uniform = true;
        foreach (var r in files.Files)
        {
            uniform &= r.FrameCount == 0 || (r.IsUniform && r.GetFrameInfo(0).SameShape(f0));
        }

        var paths = new JsonArray();
        foreach (var r in files.Files)
        {
            paths.Add((JsonNode)r.FilePath);
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

    private static void WriteTable(TextWriter output, ScanImageAcquisition files, JsonObject summary)
    {
        void Row(string name, string value) => output.WriteLine($"{name,-14}{value}");

        for (var i = 0; i < files.Files.Count; i++)
        {
            var r = files.Files[i];
            Row(i == 0 ? (files.Files.Count == 1 ? "file" : "files") : string.Empty, files.Files.Count == 1 ? r.FilePath : $"{r.FilePath} ({r.FrameCount} IFDs)");
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
