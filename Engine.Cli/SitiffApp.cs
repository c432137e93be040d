namespace ScanImageTiff.Cli;

/// <summary>Entry point of the <c>sitiff</c> command-line tool.</summary>
public static class SitiffApp
{
    /// <summary>Runs the tool with the given arguments and returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Console.Error.WriteLine("usage: sitiff <command> FILE...");
        return 1;
    }
}
