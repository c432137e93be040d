using System.CommandLine;
using System.Text;
using ScanImageTiff.Cli.Input;
using ScanImageTiff.Cli.Output;
using ScanImageTiff.Cli.ScanImage;

namespace ScanImageTiff.Cli.Commands;

/// <summary>
/// <c>sitiff metadata FILE [OUT] [--section 0|1] [--json] [--out PATH]</c>: the ScanImage 2016+ metadata
/// block. <c>metadata FILE OUT</c> (the ScanImageTiffReader form) writes that tool's exact bytes.
/// </summary>
internal static class MetadataCommand
{
    public static Command Create(CliContext context)
    {
        var file = CommandInputs.File();
        var vidrioOut = new Argument<string?>("OUT")
        {
            Description = "ScanImageTiffReader form: write its exact output bytes to this file (metadata, the trailing NUL of section 1, a newline)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var section = new Option<int?>("--section")
        {
            Description = "Only section 0 (SI.* frame-invariant data) or 1 (ROI group JSON), as stored, without the trailing NUL",
        };
        section.AcceptOnlyFromAmong("0", "1");
        var json = CommandInputs.Json("The metadata as a JSON tree (section 0 unless --section 1)");
        var output = new Option<string?>("--out")
        {
            Description = "Write to this file (atomically) instead of stdout",
            HelpName = "PATH",
        };
        var salvage = CommandInputs.Salvage();
        var command = new Command("metadata", "The ScanImage metadata block: by default the text ScanImageTiffReader's metadata() returns (section 0, a newline, section 1; JSON form merged)")
        {
            file, vidrioOut, section, json, output, salvage,
        };
        command.SetAction(parse => Run(
            context, parse.GetRequiredValue(file), parse.GetValue(vidrioOut), parse.GetValue(section), parse.GetValue(json), parse.GetValue(output), parse.GetValue(salvage)));
        return command;
    }

    private static int Run(CliContext context, string path, string? vidrioOut, int? section, bool json, string? output, bool salvage)
    {
        if (vidrioOut is not null && output is not null)
        {
            throw new CliUsageException("give the output file either as OUT or as --out, not both");
        }

        using var files = AcquisitionInput.OpenOne(path, salvage, context);
        if (files.Metadata is null)
        {
            context.Warn($"{path}: not a ScanImage file: no ScanImage metadata");
        }

        byte[] content;
        if (json)
        {
            content = Encoding.UTF8.GetBytes(ScanImageSummary.MetadataJson(files, section).ToJsonString(JsonOutput.Indented) + "\n");
        }
        else if (section is { } s)
        {
            content = ScanImageSummary.RawSection(files, s);
        }
        else
        {
            // Only the bare ScanImageTiffReader form reproduces its NUL and extra newline byte for byte.
            content = ScanImageSummary.ComposeVidrioMetadata(files, cliBytes: vidrioOut is not null);
        }

        var destination = output ?? vidrioOut;
        if (destination is not null)
        {
            AtomicFile.WriteAllBytes(destination, content);
        }
        else
        {
            context.Out.Write(Encoding.UTF8.GetString(content));
        }

        return ExitCodes.Success;
    }
}
