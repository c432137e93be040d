using System.CommandLine;
using System.CommandLine.Parsing;
using ScanImageTiff.Cli.Input;

namespace ScanImageTiff.Cli.Commands;

/// <summary>Arguments and options several commands share (a symbol belongs to one command, so each call makes new ones).</summary>
internal static class CommandInputs
{
    public static Argument<string[]> Files()
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "TIFF file(s); several files are concatenated in the order given (e.g. the _00001, _00002... files of one acquisition)",
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

    /// <summary>
    /// A command of the shape <c>NAME FILE... [--json] [--salvage]</c> whose action gets the opened files
    /// (closed afterwards) and the <c>--json</c> flag.
    /// </summary>
    public static Command FilesCommand(CliContext context, string name, string description, string jsonDescription, Func<FileSet, bool, int> run)
    {
        var files = Files();
        var json = Json(jsonDescription);
        var salvage = Salvage();
        var command = new Command(name, description)
        {
            files, json, salvage,
        };
        command.SetAction(parse =>
        {
            using var opened = FileSet.Open(parse.GetRequiredValue(files), parse.GetValue(salvage), context);
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
