using System.CommandLine;
using System.CommandLine.Parsing;
using ScanImageTiff.Cli.Input;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Cli.Commands;

/// <summary>Arguments and options several commands share (a symbol belongs to one command, so each call makes new ones).</summary>
internal static class CommandInputs
{
    public static Argument<string[]> Files()
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "TIFF file(s); the files of one acquisition (_00001, _00002...) are read as one, in acquisition order",
            Arity = ArgumentArity.OneOrMore,
        };
        files.Validators.Add(RejectUnknownOptions);
        return files;
    }

    public static Argument<string> File()
    {
        var file = new Argument<string>("FILE")
        {
            Description = "A TIFF file",
        };
        file.Validators.Add(RejectUnknownOptions);
        return file;
    }

    public static Option<bool> Json(string what) => new("--json")
    {
        Description = what,
    };

    public static Option<bool> Salvage() => new("--salvage")
    {
        Description = "Read the intact frames of a file whose tail is damaged (cut off) instead of refusing it; prints a warning",
    };

    public static Option<bool> Siblings() => new("--siblings")
    {
        Description = "Also read the other files of each file's acquisition (<stem>_<acq>_<index>.tif, same stem, acquisition and channel suffix)",
    };

    public static Option<bool> Progress() => new("--progress")
    {
        Description = "Draw a progress line (bytes, rate, ETA) on stderr even when it is not a terminal; by default only on a terminal, for long runs",
    };

    /// <summary>
    /// A command of the shape <c>NAME FILE... [--json] [--salvage] [--siblings]</c> whose action gets the files
    /// opened as one acquisition (closed afterwards) and the <c>--json</c> flag.
    /// </summary>
    public static Command FilesCommand(CliContext context, string name, string description, string jsonDescription, Func<ScanImageAcquisition, bool, int> run)
    {
        var files = Files();
        var json = Json(jsonDescription);
        var salvage = Salvage();
        var siblings = Siblings();
        var command = new Command(name, description)
        {
            files, json, salvage, siblings,
        };
        command.SetAction(parse =>
        {
            var paths = AcquisitionInput.Expand(parse.GetRequiredValue(files), parse.GetValue(siblings));
            using var opened = AcquisitionInput.Open(paths, parse.GetValue(salvage), context);
            return run(opened, parse.GetValue(json));
        });
        return command;
    }

    /// <summary>
    /// The parser hands tokens it does not know as options to the file arguments; a misspelt option must
    /// be a usage error (exit 1), not "file not found" (exit 2). A real file whose name starts with '-' still works.
    /// </summary>
    private static void RejectUnknownOptions(ArgumentResult result)
    {
        foreach (var token in result.Tokens)
        {
            if (token.Value.Length > 1 && token.Value[0] == '-' && !System.IO.File.Exists(token.Value))
            {
                result.AddError($"unrecognized option '{token.Value}'");
            }
        }
    }
}
