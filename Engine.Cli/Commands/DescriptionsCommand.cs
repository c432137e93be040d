using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using ScanImageTiff.Cli.Input;
using ScanImageTiff.Cli.Output;
using ScanImageTiff.Cli.ScanImage;

namespace ScanImageTiff.Cli.Commands;

/// <summary>
/// <c>sitiff descriptions FILE [OUT] [--frame N] [--json]</c>: the ImageDescription of one frame or of all,
/// with trailing spaces and NULs removed (ScanImageTiffReader's format, without its truncation bug).
/// </summary>
internal static class DescriptionsCommand
{
    public static Command Create(CliContext context)
    {
        var file = CommandInputs.File();
        var vidrioOut = new Argument<string?>("OUT")
        {
            Description = "Write to this file (atomically) instead of stdout",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var frame = new Option<int?>("--frame")
        {
            Description = "Only this frame's description (0-based IFD index; negative counts from the end), printed as is",
            HelpName = "N",
        };
        var json = CommandInputs.Json("A JSON array of {ifd, text}");
        var salvage = CommandInputs.Salvage();
        var command = new Command("descriptions", "Frame descriptions (ScanImage frame headers): all as [FRAME i HEADER] blocks, or one with --frame")
        {
            file, vidrioOut, frame, json, salvage,
        };
        command.SetAction(parse => Run(
            context, parse.GetRequiredValue(file), parse.GetValue(vidrioOut), parse.GetValue(frame), parse.GetValue(json), parse.GetValue(salvage)));
        return command;
    }

    private static int Run(CliContext context, string path, string? output, int? frame, bool json, bool salvage)
    {
        using var files = AcquisitionInput.OpenOne(path, salvage, context);
        var reader = files.Files[0];
        var (start, end) = (0, reader.FrameCount);
        if (frame is { } n)
        {
            var i = n < 0 ? n + reader.FrameCount : n;
            if (i < 0 || i >= reader.FrameCount)
            {
                throw new CliUsageException($"--frame {n}: {path} has {reader.FrameCount} frames (0..{reader.FrameCount - 1})");
            }

            (start, end) = (i, i + 1);
        }

        void Write(TextWriter text)
        {
            if (json)
            {
                var array = new JsonArray();
                var i = start;
                foreach (var description in reader.EnumerateDescriptions(start, end))
                {
                    context.Cancellation.ThrowIfCancellationRequested();
                    var entry = new JsonObject { ["ifd"] = i, ["text"] = description };
                    if (ScanImageSummary.ParseFrameHeader(description) is { } header)
                    {
                        entry["header"] = header;
                    }

                    array.Add((JsonNode)entry);
                    i++;
                }

                JsonOutput.WriteIndented(text, array);
            }
            else if (frame is not null)
            {
                text.Write(reader.GetDescription(start));
            }
            else
            {
                var i = start;
                foreach (var description in reader.EnumerateDescriptions(start, end))
                {
                    context.Cancellation.ThrowIfCancellationRequested();
                    text.Write("[FRAME ");
                    text.Write(i++);
                    text.Write(" HEADER]\n");
                    text.Write(description);
                    text.Write(description.EndsWith('\n') ? "\n" : "\n\n");
                }
            }
        }

        if (output is not null)
        {
            AtomicFile.WriteStream(output, stream =>
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
                Write(writer);
            });
        }
        else
        {
            Write(context.Out);
        }

        return ExitCodes.Success;
    }
}
