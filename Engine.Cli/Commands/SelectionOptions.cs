using System.CommandLine;
using ScanImageTiff.Acquisition;
using ScanImageTiff.Cli.Input;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Cli.Commands;

/// <summary>The frame-selection options of <c>data</c> and <c>stream</c>, translated into an <see cref="AcquisitionSelection"/>.</summary>
internal sealed class SelectionOptions
{
    public Option<string?> Frames { get; } = new("--frames")
    {
        Description = "Global IFD range A:B over all files, half-open; A or B may be omitted, negative counts from the end (Python slice); or one index N",
        HelpName = "A:B",
    };

    public Option<int[]> Channel { get; } = new("--channel")
    {
        Description = "Only these ScanImage channels (numbers as in channelSave, e.g. 1 or 4; repeat for several); needs ScanImage acquisition structure",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<int[]> Slice { get; } = new("--slice")
    {
        Description = "Only these slices (0-based; repeat for several); needs ScanImage acquisition structure",
        HelpName = "Z",
    };

    public Option<int[]> Volume { get; } = new("--volume")
    {
        Description = "Only these volumes (0-based; repeat for several); needs ScanImage acquisition structure",
        HelpName = "V",
    };

    public Option<int?> Roi { get; } = new("--roi")
    {
        Description = "Only this mROI field (0-based, see info --json rois), each frame cropped to it; needs ScanImage acquisition structure",
        HelpName = "K",
    };

    public Option<bool> Flyback { get; } = new("--flyback")
    {
        Description = "Keep FastZ flyback frames (skipped by default; never with --slice)",
    };

    public void AddTo(Command command)
    {
        command.Add(Frames);
        command.Add(Channel);
        command.Add(Slice);
        command.Add(Volume);
        command.Add(Roi);
        command.Add(Flyback);
    }

    /// <summary>The options as given, with <c>--frames</c> still unresolved (it may count from the end).</summary>
    public Request Read(ParseResult parse)
    {
        var text = parse.GetValue(Frames);
        return new Request(
            text is null ? FrameRange.All : FrameRange.Parse(text),
            NullIfEmpty(parse.GetValue(Channel)),
            NullIfEmpty(parse.GetValue(Slice)),
            NullIfEmpty(parse.GetValue(Volume)),
            parse.GetValue(Roi),
            parse.GetValue(Flyback));
    }

    private static int[]? NullIfEmpty(int[]? values) => values is { Length: > 0 } ? values : null;

    /// <summary>One command line's selection.</summary>
    internal sealed record Request(FrameRange Range, int[]? Channels, int[]? Slices, int[]? Volumes, int? Roi, bool Flyback)
    {
        /// <summary>The engine's selection, the range resolved against <paramref name="frameCount"/> IFDs (null: open-ended, for following).</summary>
        /// <param name="frameCount">IFDs to resolve negative range ends against; null while following.</param>
        /// <param name="planes">Read planes even without a structural option (no flyback frames unless <c>--flyback</c>).</param>
        public AcquisitionSelection ToSelection(int? frameCount, bool planes = false)
        {
            int? start = Range.Start;
            int? end = Range.Single ? Range.Start + 1 : Range.End;
            if (frameCount is { } count)
            {
                (start, end) = Range.Resolve(count);
            }
            else if (Range.CountsFromEnd)
            {
                throw new CliUsageException($"--frames {Range}: negative indices count from the end, which a growing file does not have yet");
            }

            return new AcquisitionSelection
            {
                Start = start,
                End = end,
                Channels = Channels,
                Slices = Slices,
                Volumes = Volumes,
                Roi = Roi,

                // Without a structural option the command reads IFDs, as it always has (flyback frames are on disk);
                // with one it reads planes, and flyback frames only when asked.
                IncludeFlyback = Flyback || (IsIfdLevel && !planes),
            };
        }

        /// <summary>True when only <c>--frames</c> (or nothing) was given: IFDs, not planes.</summary>
        public bool IsIfdLevel => Channels is null && Slices is null && Volumes is null && Roi is null;

        /// <summary>The options given, for messages: <c>--frames 0:10 --channel 2</c>.</summary>
        public string Describe()
        {
            var parts = new List<string>();
            if (Range != FrameRange.All)
            {
                parts.Add($"--frames {Range}");
            }

            Add(parts, "--channel", Channels);
            Add(parts, "--slice", Slices);
            Add(parts, "--volume", Volumes);
            if (Roi is { } r)
            {
                parts.Add($"--roi {r}");
            }

            return parts.Count == 0 ? "the selection" : string.Join(' ', parts);
        }

        /// <summary>Resolves the selection on <paramref name="acquisition"/>: usage errors for what it does not have, and for an empty result.</summary>
        public SelectedFrames Select(ScanImageAcquisition acquisition, bool planes = false)
        {
            SelectedFrames frames;
            try
            {
                frames = acquisition.Select(ToSelection(acquisition.FrameCount, planes));
            }
            catch (ArgumentException e)
            {
                throw new CliUsageException($"{Describe()}: {FirstLine(e.Message)}");
            }

            if (frames.Count == 0)
            {
                if (acquisition.FrameCount == 0)
                {
                    throw new CliFileException("the files hold no intact frames");
                }

                throw new CliUsageException($"{Describe()} selects no frames (the files hold {acquisition.FrameCount})");
            }

            return frames;
        }

        private static string FirstLine(string message) => message.Split('\n')[0].Split(" (Parameter", StringSplitOptions.None)[0].Trim();

        private static void Add(List<string> parts, string option, int[]? values)
        {
            foreach (var v in values ?? [])
            {
                parts.Add($"{option} {v}");
            }
        }
    }
}
