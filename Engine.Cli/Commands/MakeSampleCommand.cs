using System.CommandLine;
using ScanImageTiff.Cli.Output;
using ScanImageTiff.Cli.Sample;

namespace ScanImageTiff.Cli.Commands;

/// <summary>Hidden: <c>sitiff make-sample OUT.tif</c> writes the bundled ScanImage sample (same bytes every time).</summary>
internal static class MakeSampleCommand
{
    public static Command Create(CliContext context)
    {
        var output = new Argument<string>("OUT") { Description = "The file to write" };
        var command = new Command("make-sample", "Write the bundled sample: ScanImage 2021 FastZ, 2 channels, 4 slices + 2 flyback frames, 5 volumes, 64 x 64 int16")
        {
            output,
        };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            var path = parse.GetRequiredValue(output);
            AtomicFile.Write(path, SampleAcquisition.Write);
            context.Out.WriteLine($"{path}: {SampleAcquisition.Frames * SampleAcquisition.Channels} IFDs, {new FileInfo(path).Length} bytes");
            return ExitCodes.Success;
        });
        return command;
    }
}
