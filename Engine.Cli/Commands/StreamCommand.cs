using System.CommandLine;
using System.Globalization;
using ScanImageTiff.Acquisition;
using ScanImageTiff.Cli.Input;
using ScanImageTiff.Cli.Output;
using ScanImageTiff.Cli.Pixels;
using ScanImageTiff.Cli.ScanImage;
using ScanImageTiff.Streaming;

namespace ScanImageTiff.Cli.Commands;

/// <summary>
/// <c>sitiff stream FILE... [--follow] [--json] [--idle-timeout S] [selection]</c>: one line per frame with its
/// global IFD index, ScanImage frame number, timestamp and mean, through the engine's acquisition streams
/// (<c>await foreach</c>); with <c>--follow</c> while the acquisition is written, into its next files.
/// </summary>
internal static class StreamCommand
{
    public static Command Create(CliContext context)
    {
        var files = CommandInputs.Files();
        var follow = new Option<bool>("--follow")
        {
            Description = "Keep reading frames as they are written (woken by change notifications, with a fallback poll), rolling over to the acquisition's next file, until ScanImage's end of acquisition (endOfAcquisitionMode = 1), --idle-timeout or Ctrl-C; one FILE (the first)",
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
        var siblings = CommandInputs.Siblings();
        var progress = CommandInputs.Progress();
        var command = new Command("stream", "One line per frame: IFD index, frame number, timestamp (s), mean; tab-separated, - where a value is absent")
        {
            files, follow, json, idle, salvage, siblings, progress,
        };
        selection.AddTo(command);
        command.SetAction(async (parse, _) =>
        {
            using var output = new Output(context.Out, parse.GetValue(json), parse.GetValue(follow));
            var request = selection.Read(parse);
            var paths = parse.GetRequiredValue(files);
            if (parse.GetValue(follow))
            {
                if (paths.Length != 1 || parse.GetValue(siblings))
                {
                    throw new CliUsageException("--follow takes one FILE, the acquisition's first: its next files are followed as they appear");
                }

                await FollowAsync(context, paths[0], request.ToSelection(null), TimeSpan.FromSeconds(parse.GetValue(idle)), output).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            using var acquisition = AcquisitionInput.Open(AcquisitionInput.Expand(paths, parse.GetValue(siblings)), parse.GetValue(salvage), context, AcquisitionInput.Streamed);
            var frames = request.Select(acquisition);
            var bar = Progress.Start(context, "stream", frames.GetByteCount(), parse.GetValue(progress), Progress.LongRunBytes);
            output.Progress = bar;
            try
            {
                await foreach (var frame in frames.StreamFrameBytes(cancellationToken: context.Cancellation).ConfigureAwait(false))
                {
                    output.Write(frame);
                }
            }
            finally
            {
                bar?.Done();
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task FollowAsync(CliContext context, string path, AcquisitionSelection selection, TimeSpan idle, Output output)
    {
        var options = FollowOptions.Default with { IdleTimeout = idle };
        try
        {
            await foreach (var frame in AcquisitionStreams.FollowFrameBytes(path, selection, options, context.Cancellation).ConfigureAwait(false))
            {
                output.Write(frame);
            }
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            // Ctrl-C ends following normally: what was printed is the result.
        }
        catch (ArgumentException e)
        {
            // The selection asks for something the acquisition does not have (known once its first frame is in).
            throw new CliUsageException(e.Message.Split(" (Parameter", StringSplitOptions.None)[0]);
        }

        if (!File.Exists(path))
        {
            throw new CliFileException($"{path}: file not found (waited {idle.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s)");
        }
    }

    /// <summary>Formats one line per frame (and, following, flushes it at once).</summary>
    private sealed class Output(TextWriter writer, bool json, bool flush) : IDisposable
    {
        private readonly FrameLineWriter _lines = new(writer, json);
        private long _bytes;

        public Progress? Progress { get; set; }

        public void Dispose() => _lines.Dispose();

        public void Write(in AcquisitionFrame<byte> frame)
        {
            var clock = ScanImageSummary.ReadFrameClock(frame.GetDescriptionBytes().Span);
            var mean = PixelMath.Mean(frame.Pixels.Span, frame.PixelType);
            Progress?.Clear();
            _lines.Write(frame.Ifd, clock.FrameNumber, clock.Timestamp, mean);
            if (flush)
            {
                writer.Flush();
            }

            _bytes += frame.Pixels.Length;
            Progress?.Report(_bytes);
        }
    }
}
