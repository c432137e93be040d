namespace ScanImageTiff.Cli;

/// <summary>
/// What every command writes to and listens to: the two output writers, the Ctrl-C token and whether
/// progress may be drawn (only on a real terminal, never into pipes or captured test output).
/// </summary>
internal sealed class CliContext
{
    private readonly bool _console;

    public CliContext(TextWriter stdout, TextWriter stderr, bool console, CancellationToken cancellation)
    {
        Out = stdout;
        Error = stderr;
        _console = console;
        Cancellation = cancellation;
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public CancellationToken Cancellation { get; }

    /// <summary>
    /// True when progress lines may be drawn on stderr unasked: the real console, with stdout and stderr both
    /// terminals (nothing when the output is piped or captured).
    /// </summary>
    public bool ShowProgress => _console && !Console.IsErrorRedirected && !Console.IsOutputRedirected;

    /// <summary>Writes one warning line on stderr.</summary>
    public void Warn(string message) => Error.WriteLine("sitiff: warning: " + OneLine(message));

    /// <summary>
    /// A binary stream for <c>--out -</c>: the process's stdout when running as the real tool,
    /// the underlying stream of a <see cref="StreamWriter"/> otherwise.
    /// </summary>
    public Stream OpenBinaryStdout()
    {
        Out.Flush();
        if (_console)
        {
            return Console.OpenStandardOutput();
        }

        if (Out is StreamWriter { BaseStream: { CanWrite: true } stream })
        {
            return new Pixels.TeeStream(stream, null);
        }

        throw new CliUsageException("--out - (binary data on stdout) needs a real stdout; give a file name");
    }

    /// <summary>Folds a message onto one line (stderr carries exactly one line per problem).</summary>
    public static string OneLine(string message) =>
        message.ReplaceLineEndings(" ").Trim();
}
