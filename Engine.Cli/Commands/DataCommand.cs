using System.CommandLine;
using ScanImageTiff.Cli.Input;
using ScanImageTiff.Cli.Output;
using ScanImageTiff.Cli.Pixels;

namespace ScanImageTiff.Cli.Commands;

/// <summary>
/// <c>sitiff data FILE... [selection] [--out PATH] [--format raw|npy|tif] [--checksum sha256|xxh3]</c>:
/// exports or checksums the selected samples (little-endian, IFD order across the files given),
/// streaming so that the whole stack is never held in memory.
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
            Description = "raw (samples only), npy (NumPy array (frames, height, width[, samples])) or tif (a ScanImage file of the selection); default from the --out extension, else raw",
        };
        format.AcceptOnlyFromAmong("raw", "npy", "tif");
        var checksum = new Option<string?>("--checksum")
        {
            Description = "Print sha256:<hex> or xxh3:<hex> of the selected samples as little-endian bytes",
        };
        checksum.AcceptOnlyFromAmong("sha256", "xxh3");
        var salvage = CommandInputs.Salvage();
        var command = new Command("data", "Export or checksum pixel data; frames in IFD order across the files, samples little-endian")
        {
            files, output, format, checksum, salvage,
        };
        selection.AddTo(command);
        var compression = new CompressionOptions();
        compression.AddTo(command);
        command.SetAction(parse =>
        {
            var (range, structure) = selection.Read(parse);
            var tiff = compression.Apply(parse, new TiffWriterOptions());
            if (compression.Given(parse) && (parse.GetValue(format) ?? (parse.GetValue(output) is { } o ? FormatOf(o) : null)) != "tif")
            {
                throw new CliUsageException("--compression, --predictor and --level apply to --format tif only");
            }

            return Run(context, parse.GetRequiredValue(files), range, structure, parse.GetValue(output), parse.GetValue(format), parse.GetValue(checksum), parse.GetValue(salvage), tiff);
        });
        return command;
    }

    private static int Run(CliContext context, string[] paths, FrameRange range, StructureRequest structure, string? output, string? format, string? checksum, bool salvage, TiffWriterOptions tiff)
    {
        if (output is null && checksum is null)
        {
            throw new CliUsageException("nothing to do: give --out PATH and/or --checksum sha256|xxh3");
        }

        if (output is null && format is not null)
        {
            throw new CliUsageException("--format needs --out PATH");
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

        using var files = FileSet.Open(paths, salvage, context);
        var frames = FrameSelector.Select(files, range, structure);
        using var hash = checksum is null ? null : HashSink.Create(checksum);
        var source = new FrameByteSource(files, frames);
        var progress = Progress.Start(context, output is null ? "checksum" : "export", source.TotalBytes());
        try
        {
            if (output is null)
            {
                source.CopyTo(hash!, progress, context.Cancellation);
            }
            else if (format == "tif")
            {
                AtomicFile.Write(output, temp => TiffExporter.Export(files, frames, temp, hash, progress, context.Cancellation, tiff));
            }
            else
            {
                var shape = RequireUniform(files, frames, format!);
                var header = format == "npy" ? NpyHeader.Build(shape.Type, Dimensions(frames.Count, shape)) : [];
                void Write(Stream stream)
                {
                    stream.Write(header);
                    source.CopyTo(new StreamSink(stream, hash), progress, context.Cancellation);
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

    private static long[] Dimensions(int frames, (int Width, int Height, int Samples, PixelType Type) shape) =>
        shape.Samples > 1 ? [frames, shape.Height, shape.Width, shape.Samples] : [frames, shape.Height, shape.Width];

    /// <summary>The one shape raw and npy output need; exit 2 naming the first frame that differs.</summary>
    private static (int Width, int Height, int Samples, PixelType Type) RequireUniform(FileSet files, IReadOnlyList<SelectedFrame> frames, string format)
    {
        var first = FrameBytes.ShapeOf(files, frames[0]);
        foreach (var f in frames)
        {
            var shape = FrameBytes.ShapeOf(files, f);
            var (file, local) = files.Locate(f.Ifd);
            if (shape.Type is null)
            {
                FrameBytes.ByteCount(files.Readers[file], local); // throws NotSupportedException naming the IFD and why
            }

            if (shape != first)
            {
                var (file0, local0) = files.Locate(frames[0].Ifd);
                throw new CliFileException(
                    $"{files.Readers[file].FilePath}: frames differ in shape: IFD {local} is {Describe(shape)} but IFD {local0} of {files.Readers[file0].FilePath} is {Describe(first)}; "
                    + $"{format} output needs one shape (choose a uniform range with --frames, or write --format tif)");
            }
        }

        return (first.Width, first.Height, first.Samples, first.Type!.Value);
    }

    private static string Describe((int Width, int Height, int Samples, PixelType? Type) s) =>
        $"{s.Width} x {s.Height}{(s.Samples > 1 ? $" x {s.Samples}" : string.Empty)} {s.Type?.NumpyName() ?? "(unsupported)"}";
}
