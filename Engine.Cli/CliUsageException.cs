namespace ScanImageTiff.Cli;

/// <summary>The command line asks for something that cannot be done: exit code 1, one line on stderr.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
