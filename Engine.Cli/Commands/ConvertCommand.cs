using System.CommandLine;
using ScanImageTiff.Cli.Input;
using ScanImageTiff.Cli.Output;

namespace ScanImageTiff.Cli.Commands;

/// <summary>
/// <c>sitiff convert IN... --out DIR --compression zstd [--predictor] [--level N]</c>: rewrites every file of an
/// acquisition into DIR under its own name, recompressed, each keeping its ScanImage metadata and descriptions
/// (<see cref="TiffConverter"/>); prints one line per file with its size before and after.
/// </summary>
internal static class ConvertCommand
{
    public static Command Create(CliContext context)
    {
        var files = CommandInputs.Files();
        var output = new Option<string>("--out")
        {
            Description = "Directory for the converted files (created if missing); each keeps its file name",
            HelpName = "DIR",
            Required = true,
        };
        var compression = new CompressionOptions();
        var command = new Command("convert", "Recompress whole files (e.g. an acquisition for archiving), keeping every file's ScanImage metadata and descriptions")
        {
            files, output,
        };
        compression.AddTo(command);
        command.SetAction(parse => Run(context, parse.GetRequiredValue(files), parse.GetRequiredValue(output), compression.Apply(parse, new TiffWriterOptions())));
        return command;
    }

    private static int Run(CliContext context, string[] paths, string directory, TiffWriterOptions options)
    {
        Directory.CreateDirectory(directory);
        var targets = paths.Select(p => Path.Combine(directory, Path.GetFileName(p))).ToArray();
        for (var i = 0; i < paths.Length; i++)
        {
            if (Path.GetFullPath(paths[i]) == Path.GetFullPath(targets[i]))
            {
                throw new CliUsageException($"{paths[i]} would be overwritten by its own conversion: choose another --out directory");
            }
        }

        for (var i = 0; i < paths.Length; i++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            long before;
            long samples = 0;
            using (var reader = ScanImageTiffReader.Open(paths[i], AcquisitionInput.ReadOnce))
            {
                before = reader.FileLength;
                for (var f = 0; f < reader.FrameCount; f++)
                {
                    samples += Math.Max(0, reader.GetFrameInfo(f).ByteCount);
                }
            }

            var progress = Progress.Start(context, $"convert {i + 1}/{paths.Length}", samples);
            long after = 0;
            AtomicFile.Write(targets[i], temp => after = TiffConverter.Convert(paths[i], temp, options, progress is null ? null : new Reporter(progress), context.Cancellation));
            progress?.Done();
            context.Out.WriteLine(FormattableString.Invariant($"{targets[i]}: {before} -> {after} bytes ({(double)before / Math.Max(1, after):F2}:1)"));
        }

        return ExitCodes.Success;
    }

    private sealed class Reporter(Progress progress) : IProgress<long>
    {
        public void Report(long value) => progress.Report(value);
    }
}
