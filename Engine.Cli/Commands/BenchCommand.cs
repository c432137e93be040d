using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ScanImageTiff.Cli.Bench;
using ScanImageTiff.Cli.Output;

namespace ScanImageTiff.Cli.Commands;

/// <summary><c>sitiff bench FILE [--json] [--repeats N]</c>: engine timings against memcpy and pointer-sum baselines.</summary>
internal static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var file = CommandInputs.File();
        var json = CommandInputs.Json("One JSON object with every measurement (median seconds, GB/s, ratio to its baseline, all samples)");
        var repeats = new Option<int>("--repeats")
        {
            Description = "Timed repetitions of each measurement (at least 5; the median is reported)",
            DefaultValueFactory = _ => 5,
            HelpName = "N",
        };
        repeats.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 5)
            {
                r.AddError("--repeats must be at least 5");
            }
        });
        var command = new Command("bench", "Time open/index, whole reads, a zero-copy pixel sum and an interval read on FILE, each against a memcpy or pointer-sum over the same mapped file")
        {
            file, json, repeats,
        };
        command.SetAction(parse =>
        {
            var result = BenchRunner.Run(parse.GetRequiredValue(file), parse.GetValue(repeats), context);
            if (parse.GetValue(json))
            {
                JsonOutput.WriteIndented(context.Out, result);
            }
            else
            {
                WriteTable(context.Out, result);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteTable(TextWriter output, JsonObject result)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"{result["file"]}: {result["frames"]} frames, {HumanBytes.Format((long)result["bytes"]!)} of {result["dtype"]} samples; median of {result["repeats"]} runs, warm page cache"));
        output.WriteLine($"{"measurement",-58}{"time",12}{"GB/s",10}  vs baseline");
        foreach (var (_, node) in (JsonObject)result["measurements"]!)
        {
            var m = (JsonObject)node!;
            var seconds = (double)m["seconds"]!;
            var time = seconds >= 1 ? seconds.ToString("F3", inv) + " s" : (seconds * 1000).ToString("F3", inv) + " ms";
            var rate = m["gbPerSecond"] is { } g ? ((double)g).ToString("F2", inv) : "-";
            var ratio = m["ratioToBaseline"] is { } r ? string.Create(inv, $"{(double)r:F2} x {m["baseline"]}") : string.Empty;
            output.WriteLine($"{(string)m["label"]!,-58}{time,12}{rate,10}  {ratio}");
        }

        output.WriteLine(string.Create(inv, $"zero-copy frames: {result["zeroCopyFrames"]} of {result["frames"]}; ratio = time / baseline time"));
    }
}
