namespace ScanImageTiff.Cli;

/// <summary>The process exit codes scripts rely on.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The command line is wrong (unknown option, bad value, a combination that makes no sense).</summary>
    public const int Usage = 1;

    /// <summary>A file is missing, malformed, damaged or uses a feature that is not supported.</summary>
    public const int BadFile = 2;

    /// <summary>A bug in sitiff: the message and stack trace go to stderr.</summary>
    public const int InternalError = 3;

    /// <summary>Interrupted with Ctrl-C (the shell convention 128 + SIGINT).</summary>
    public const int Interrupted = 130;
}
