using System.CommandLine;
using ScanImageTiff.Cli.Input;
using ScanImageTiff.Cli.Output;
using ScanImageTiff.Acquisition;

namespace ScanImageTiff.Cli.Commands;

/// <summary>
/// ScanImageTiffReader's <c>image shape|bytes|raw</c> commands, with the same output
/// (spec scanimagetiffreader-api.md §2.1, §6) but no banner line.
/// </summary>
internal static class ImageCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("image", "ScanImageTiffReader-compatible: shape, byte size or raw bytes of the whole stack");
        command.Add(Shape(context));
        command.Add(Bytes(context));
        command.Add(Raw(context));
        return command;
    }

    /// <summary><c>Shape: 512 x 512 x 3 @ i16</c>: [samples, width, height, IFDs] of the first IFD, fastest first, 1s removed.</summary>
    internal static string ShapeText(ScanImageTiffReader reader)
    {
        if (reader.FrameCount == 0)
        {
            throw new CliFileException($"{reader.FilePath}: no intact frames");
        }

        var f0 = reader.GetFrameInfo(0);
        reader.GetByteCount(0, 1); // throws NotSupportedException naming the IFD and why
        var type = f0.PixelType!.Value;
        long[] dims = [f0.SamplesPerPixel, f0.Width, f0.Height, reader.FrameCount];
        var kept = dims.Where(d => d != 1).ToList();
        if (kept.Count == 0)
        {
            kept.Add(1);
        }

        return $"Shape: {string.Join(" x ", kept)} @ {type.ShortName()}";
    }

    private static Command Shape(CliContext context)
    {
        var file = CommandInputs.File();
        var salvage = CommandInputs.Salvage();
        var command = new Command("shape", "Print the shape and type of the volume: Shape: W x H x IFDs @ type (dimensions fastest first, 1s dropped)") { file, salvage };
        command.SetAction(parse =>
        {
            using var files = AcquisitionInput.OpenOne(parse.GetRequiredValue(file), parse.GetValue(salvage), context);
            context.Out.WriteLine(ShapeText(files.Files[0]));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Bytes(CliContext context)
    {
        var file = CommandInputs.File();
        var salvage = CommandInputs.Salvage();
        var command = new Command("bytes", "Print the byte size of the image data (1024-based units, 6 significant digits: 240 kB, 7.76253 MB)") { file, salvage };
        command.SetAction(parse =>
        {
            using var files = AcquisitionInput.OpenOne(parse.GetRequiredValue(file), parse.GetValue(salvage), context);
            var reader = files.Files[0];
            long total = 0;
            for (var i = 0; i < reader.FrameCount; i++)
            {
                total += reader.GetFrameInfo(i).ByteCount;
            }

            context.Out.WriteLine(HumanBytes.Format(total));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Raw(CliContext context)
    {
        var file = CommandInputs.File();
        var output = new Argument<string>("OUT") { Description = "Output file (written atomically)" };
        var salvage = CommandInputs.Salvage();
        var command = new Command("raw", "Save the raw sample bytes of every frame (little-endian, IFD order) to OUT") { file, output, salvage };
        command.SetAction(parse =>
        {
            using var files = AcquisitionInput.OpenOne(parse.GetRequiredValue(file), parse.GetValue(salvage), context);

            // Every IFD, flyback frames included: the whole stack as ScanImageTiffReader saves it.
            var frames = files.Select(new AcquisitionSelection { IncludeFlyback = true });
            var progress = Progress.Start(context, "export", frames.GetByteCount());
            try
            {
                AtomicFile.WriteStream(parse.GetRequiredValue(output), s => frames.WriteTo(s, progress, context.Cancellation));
            }
            finally
            {
                progress?.Done();
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
