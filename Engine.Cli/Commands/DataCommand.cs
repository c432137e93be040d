using System.CommandLine;
using ScanImageTiff.Acquisition;
using ScanImageTiff.Cli.Input;
using ScanImageTiff.Cli.Output;
using ScanImageTiff.Cli.Pixels;

namespace ScanImageTiff.Cli.Commands;

/// <summary>
/// <c>sitiff data FILE... [selection] [--out PATH] [--format raw|npy|tif] [--shaped] [--checksum sha256|xxh3]</c>:
/// exports or checksums the selected samples (little-endian, acquisition order) through the engine's
/// selection reads and export, never holding the whole stack in memory.
/// </summary>
internal static class DataCommand
{
    public static Command Create(CliContext context)
    {
        var files = CommandInputs.Files();
        var selection = new SelectionOptions();
        var output = new Option<string?>("--out")
        {
            Description = "Write the selection to this file (completed under a temporary name, then renamed); - for stdout (raw/npy)",
            HelpName = "PATH",
        };
        var format = new Option<string?>("--format")
        {
            Description = "raw (samples only), npy (NumPy array (frames, height, width[, samples])) or tif (a ScanImage file whose metadata describe the selection); default from the --out extension, else raw",
        };
        format.AcceptOnlyFromAmong("raw", "npy", "tif");
        var shaped = new Option<bool>("--shaped")
        {
            Description = "raw/npy: write whole volumes as (volume, slice, channel, y, x) ((volume, slice, frame, channel, y, x) when slices hold several frames), without flyback",
        };
        var checksum = new Option<string?>("--checksum")
        {
            Description = "Print sha256:<hex> or xxh3:<hex> of the selected samples as little-endian bytes",
        };
        checksum.AcceptOnlyFromAmong("sha256", "xxh3");
        var salvage = CommandInputs.Salvage();
        var siblings = CommandInputs.Siblings();
        var progress = CommandInputs.Progress();
        var command = new Command("data", "Export or checksum pixel data; frames in acquisition order across the files, samples little-endian")
        {
            files, output, format, shaped, checksum, salvage, siblings, progress,
        };
        selection.AddTo(command);
        var compression = new CompressionOptions();
        compression.AddTo(command);
        command.SetAction(parse =>
        {
            if (compression.Given(parse) && (parse.GetValue(format) ?? (parse.GetValue(output) is { } o ? FormatOf(o) : null)) != "tif")
            {
                throw new CliUsageException("--compression, --predictor and --level apply to --format tif only");
            }

            return Run(
                context,
                AcquisitionInput.Expand(parse.GetRequiredValue(files), parse.GetValue(siblings)),
                selection.Read(parse),
                new Request(parse.GetValue(output), parse.GetValue(format), parse.GetValue(checksum), parse.GetValue(shaped), parse.GetValue(salvage), parse.GetValue(progress)),
                compression.Apply(parse, new TiffWriterOptions()));
        });
        return command;
    }

    private static int Run(CliContext context, IReadOnlyList<string> paths, SelectionOptions.Request selection, Request request, TiffWriterOptions tiff)
    {
        var (output, format, checksum) = (request.Output, request.Format, request.Checksum);
        if (output is null && checksum is null)
        {
            throw new CliUsageException("nothing to do: give --out PATH and/or --checksum sha256|xxh3");
        }

        if (output is null && (format is not null || request.Shaped))
        {
            throw new CliUsageException($"{(format is null ? "--shaped" : "--format")} needs --out PATH");
        }

        format ??= output is null ? null : FormatOf(output);
        if (output == "-" && checksum is not null)
        {
            throw new CliUsageException("--out - writes binary data to stdout; it cannot be combined with --checksum (which prints there too)");
        }

        if (output == "-" && format == "tif")
        {
            throw new CliUsageException("--format tif needs a file name for --out");
        }

        if (request.Shaped && format == "tif")
        {
            throw new CliUsageException("--shaped is for raw and npy output; a tif export describes its own shape");
        }

        using var acquisition = AcquisitionInput.Open(paths, request.Salvage, context, output is null && checksum == "xxh3" ? AcquisitionInput.Hashed : null);
        var frames = selection.Select(acquisition, planes: request.Shaped);
        using var hash = checksum is null ? null : HashSink.Create(checksum);
        var total = frames.GetByteCount();
        var progress = Progress.Start(context, output is null ? "checksum" : "export", total, request.Progress, output is null ? Progress.LongRunBytes : 0);
        var token = context.Cancellation;
        try
        {
            if (output is null)
            {
                hash!.ComputeFrom(frames, progress, token);
            }
            else if (format == "tif")
            {
                AtomicFile.Write(output, temp => frames.WriteTiff(temp, tiff, progress, token));
                hash?.ComputeFrom(frames, null, token);
            }
            else
            {
                var shape = RequireUniform(frames, format!);
                var dims = request.Shaped ? ShapedDimensions(frames, shape) : FrameDimensions(frames.Count, shape);
                var header = format == "npy" ? NpyHeader.Build(shape.PixelType, dims) : [];
                void Write(Stream stream)
                {
                    stream.Write(header);
                    frames.WriteTo(new TeeStream(stream, hash), progress, token);
                }

                if (output == "-")
                {
                    using var stdout = context.OpenBinaryStdout();
                    Write(stdout);
                }
                else
                {
                    AtomicFile.WriteStream(output, Write);
                }
            }
        }
        finally
        {
            progress?.Done();
        }

        if (hash is not null)
        {
            context.Out.WriteLine(hash.Result());
        }

        return ExitCodes.Success;
    }

    private static string FormatOf(string output) => Path.GetExtension(output).ToUpperInvariant() switch
    {
        ".NPY" => "npy",
        ".TIF" or ".TIFF" => "tif",
        _ => "raw",
    };

    private static long[] FrameDimensions(int frames, FrameShape shape) =>
        shape.SamplesPerPixel > 1 ? [frames, shape.Height, shape.Width, shape.SamplesPerPixel] : [frames, shape.Height, shape.Width];

    /// <summary>(volume, slice[, frame], channel, y, x[, samples]): the selection must be whole volumes of every selected slice and channel.</summary>
    private static long[] ShapedDimensions(SelectedFrames frames, FrameShape shape)
    {
        var structure = frames.Acquisition.Structure
            ?? throw new CliUsageException($"--shaped needs ScanImage acquisition structure, and {frames.Acquisition.Files[0].FilePath} is not a ScanImage file");
        if (frames.IncludesFlyback)
        {
            throw new CliUsageException("--shaped writes planes only; leave out --flyback");
        }

        var (v, s, f, c) = (frames.Volumes.Count, frames.Slices.Count, structure.FramesPerSlice, frames.Channels.Count);
        for (var k = 0; k < frames.Count; k++)
        {
            var p = frames.GetCoordinates(k);
            var expected = (((((long)IndexOf(frames.Volumes, p.Volume) * s) + IndexOf(frames.Slices, p.Slice)) * f) + p.FrameInSlice) * c + IndexOf(frames.Channels, p.Channel);
            if (expected != k)
            {
                throw new CliFileException(
                    $"{frames.Acquisition.Files[0].FilePath}: --shaped needs whole volumes, but volume {p.Volume} is incomplete in the selection "
                    + $"({frames.Count} frames for {v} volume(s) x {s} slice(s) x {f} frame(s) x {c} channel(s)); select whole volumes with --volume");
            }
        }

        if ((long)v * s * f * c != frames.Count)
        {
            throw new CliFileException($"{frames.Acquisition.Files[0].FilePath}: --shaped needs whole volumes; the selection ends inside volume {frames.Volumes[^1]}");
        }

        List<long> dims = f > 1 ? [v, s, f, c, shape.Height, shape.Width] : [v, s, c, shape.Height, shape.Width];
        if (shape.SamplesPerPixel > 1)
        {
            dims.Add(shape.SamplesPerPixel);
        }

        return [.. dims];
    }

    private static int IndexOf(IReadOnlyList<int> values, int value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] == value)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The one shape raw and npy output need; exit 2 naming the first frame that differs.</summary>
    private static FrameShape RequireUniform(SelectedFrames frames, string format)
    {
        var first = frames.GetShape(0);
        for (var k = 1; k < frames.Count; k++)
        {
            var shape = frames.GetShape(k);
            if (shape != first)
            {
                var (file, local) = frames.Locate(k);
                var (file0, local0) = frames.Locate(0);
                throw new CliFileException(
                    $"{frames.Acquisition.Files[file].FilePath}: frames differ in shape: IFD {local} is {shape} but IFD {local0} of {frames.Acquisition.Files[file0].FilePath} is {first}; "
                    + $"{format} output needs one shape (choose a uniform range with --frames, or write --format tif)");
            }
        }

        return first;
    }

    private sealed record Request(string? Output, string? Format, string? Checksum, bool Shaped, bool Salvage, bool Progress);
}
