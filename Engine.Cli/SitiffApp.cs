using System.CommandLine;
using System.CommandLine.Invocation;
using System.Text;
using ScanImageTiff.Cli.Commands;

namespace ScanImageTiff.Cli;

/// <summary>Entry point of the <c>sitiff</c> command-line tool.</summary>
/// <remarks>
/// Exit codes: 0 success; 1 usage error (parse errors included); 2 missing, malformed, damaged or
/// unsupported file (one line on stderr naming the file, the problem and the byte offset);
/// 3 internal error (a bug: full details on stderr); 130 interrupted by Ctrl-C.
/// </remarks>
public static class SitiffApp
{
    private const string Description = """
        sitiff: fast, exact reader for ScanImage TIFF files (and any TIFF/BigTIFF: uncompressed, LZW, Deflate, PackBits, Zstandard or LZMA; strips or tiles).

        ScanImageTiffReader drop-in commands: image shape|bytes|raw, descriptions [--frame N] FILE [OUT],
        metadata FILE [OUT] give the same output as that tool, without its banner line.
        Exit codes: 0 ok, 1 usage error, 2 missing/malformed/damaged/unsupported file, 130 interrupted.
        """;

    /// <summary>Runs the tool with the given arguments on the process's stdout/stderr and returns the exit code.</summary>
    /// <param name="args">The command line, without the program name.</param>
    public static int Run(string[] args)
    {
        if (!Console.IsOutputRedirected)
        {
            return Run(args, Console.Out, Console.Error, console: true);
        }

        // Piped or redirected, the output is written 32 KiB at a time instead of a line at a time (Console.Out flushes
        // every line: `stream` of 100 000 frames made 100 000 writes). What must arrive at once flushes itself
        // (`stream --follow`, every line); binary output to stdout flushes this first (CliContext.OpenBinaryStdout).
        using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 32 << 10, leaveOpen: true);
        return Run(args, stdout, Console.Error, console: true);
    }

    /// <summary>Runs the tool in-process, writing to <paramref name="stdout"/> and <paramref name="stderr"/>; returns the exit code.</summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="stdout">Receives the command's output.</param>
    /// <param name="stderr">Receives errors, warnings and (never, since it is not a terminal) progress.</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) =>
        Run(args, stdout, stderr, console: ReferenceEquals(stdout, Console.Out) && ReferenceEquals(stderr, Console.Error));

    private static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool console)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (!BitConverter.IsLittleEndian)
        {
            stderr.WriteLine("sitiff: this build supports little-endian machines only");
            return ExitCodes.InternalError;
        }

        using var cancel = new CancellationTokenSource();

        // The first Ctrl-C asks the command to stop cleanly (temporary files removed, --follow ends with 0);
        // a second one terminates the process the usual way.
        void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            if (!cancel.IsCancellationRequested)
            {
                e.Cancel = true;
                cancel.Cancel();
            }
        }

        if (console)
        {
            Console.CancelKeyPress += OnCancel;
        }

        try
        {
            var context = new CliContext(stdout, stderr, console, cancel.Token);
            var root = BuildCommands(context);
            var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
            if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
            {
                foreach (var error in parse.Errors)
                {
                    stderr.WriteLine("sitiff: " + CliContext.OneLine(error.Message));
                }

                var name = parse.CommandResult.Command == root ? string.Empty : " " + CommandPath(parse.CommandResult.Command, root);
                stderr.WriteLine($"Run 'sitiff{name} --help' for usage.");
                return ExitCodes.Usage;
            }

            return parse.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }
        catch (Exception e)
        {
            var code = Report(e, stderr);
            if (code == ExitCodes.InternalError)
            {
                stderr.WriteLine($"sitiff: internal error: {e}");
            }

            return code;
        }
        finally
        {
            if (console)
            {
                Console.CancelKeyPress -= OnCancel;
            }

            stdout.Flush();
            stderr.Flush();
        }
    }

    /// <summary>The command tree; each command is a small class in Commands/.</summary>
    internal static RootCommand BuildCommands(CliContext context)
    {
        var root = new RootCommand(Description)
        {
            InfoCommand.Create(context),
            MapCommand.Create(context),
            MetadataCommand.Create(context),
            DescriptionsCommand.Create(context),
            DataCommand.Create(context),
            ConvertCommand.Create(context),
            StreamCommand.Create(context),
            BenchCommand.Create(context),
            ImageCommand.Create(context),
            MakeSampleCommand.Create(context),
        };
        return root;
    }

    /// <summary>Writes the one stderr line for an expected failure and returns its exit code (InternalError: not handled here).</summary>
    private static int Report(Exception e, TextWriter stderr)
    {
        var (code, message) = e switch
        {
            CliUsageException => (ExitCodes.Usage, e.Message),
            CliFileException => (ExitCodes.BadFile, e.Message),
            TiffFormatException => (ExitCodes.BadFile, e.Message),
            NotSupportedException => (ExitCodes.BadFile, e.Message),
            InvalidDataException => (ExitCodes.BadFile, e.Message),
            FileNotFoundException f => (ExitCodes.BadFile, $"{f.FileName ?? "file"}: file not found"),
            DirectoryNotFoundException => (ExitCodes.BadFile, e.Message),
            UnauthorizedAccessException => (ExitCodes.BadFile, e.Message),
            OperationCanceledException => (ExitCodes.Interrupted, "interrupted"),
            IOException => (ExitCodes.BadFile, e.Message),
            _ => (ExitCodes.InternalError, string.Empty),
        };

        if (code != ExitCodes.InternalError)
        {
            stderr.WriteLine("sitiff: " + CliContext.OneLine(message));
        }

        return code;
    }

    private static string CommandPath(Command command, RootCommand root)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null && c != root; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Insert(0, c.Name);
        }

        return string.Join(' ', names);
    }
}
