using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ScanImageTiff.Cli.Output;
using ScanImageTiff.Cli.Streaming;

namespace ScanImageTiff.Cli.Commands;

/// <summary>
/// <c>sitiff stream FILE [--follow] [--json] [--idle-timeout S] [selection]</c>: one line per frame with its
/// IFD index, ScanImage frame number, timestamp and mean; with <c>--follow</c> while the file is written.
/// </summary>
internal static class StreamCommand
{
    public static Command Create(CliContext context)
    {
        var file = CommandInputs.File();
        var follow = new Option<bool>("--follow")
        {
            Description = "Keep reading frames as they are appended (poll every 100 ms) until endOfAcquisition = 1, --idle-timeout or Ctrl-C",
        };
        var json = CommandInputs.Json("One JSON object per line: {index, frameNumber, timestamp, mean}");
        var idle = new Option<double>("--idle-timeout")
        {
            Description = "With --follow: stop after this many seconds without a new frame",
            DefaultValueFactory = _ => 10.0,
            HelpName = "S",
        };
        idle.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is not (> 0 and < 1e7))
            {
                r.AddError("--idle-timeout must be a positive number of seconds");
            }
        });
        var selection = new SelectionOptions();
        var salvage = CommandInputs.Salvage();
        var command = new Command("stream", "One line per frame: IFD index, frame number, timestamp (s), mean; tab-separated, - where a value is absent")
        {
            file, follow, json, idle, salvage,
        };
        selection.AddTo(command);
        command.SetAction(parse =>
        {
            var (range, structure) = selection.Read(parse);
            var follower = new FrameFollower(parse.GetRequiredValue(file), range, structure, parse.GetValue(salvage), context);
            var asJson = parse.GetValue(json);
            var following = parse.GetValue(follow);
            void Emit(FrameRecord r)
            {
                Write(context.Out, r, asJson);
                if (following)
                {
                    context.Out.Flush();
                }
            }

            if (following)
            {
                follower.Follow(TimeSpan.FromSeconds(parse.GetValue(idle)), Emit);
            }
            else
            {
                follower.Run(Emit);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void Write(TextWriter output, FrameRecord r, bool json)
    {
        if (json)
        {
            JsonOutput.WriteLine(output, new JsonObject
            {
                ["index"] = r.Index,
                ["frameNumber"] = r.FrameNumber,
                ["timestamp"] = r.Timestamp,
                ["mean"] = double.IsFinite(r.Mean) ? r.Mean : null,
            });
            return;
        }

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{r.Index}\t{(r.FrameNumber is { } n ? n.ToString(CultureInfo.InvariantCulture) : "-")}\t{(r.Timestamp is { } t ? t.ToString("F9", CultureInfo.InvariantCulture) : "-")}\t{r.Mean:F4}"));
    }
}
