namespace ScanImageTiff.Cli;

/// <summary>
/// A file cannot be used as asked (damaged, frames of different shapes where one shape is needed):
/// exit code 2, one line on stderr. The message names the file and, where there is one, the byte offset.
/// </summary>
internal sealed class CliFileException(string message) : Exception(message);
