using ScanImageTiff.Cli;

namespace ScanImageTiff.Tests.Cli;

/// <summary>Runs the tool in-process with captured stdout/stderr.</summary>
internal static class Sitiff
{
    public static Result Run(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = SitiffApp.Run(args, stdout, stderr);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }

    internal sealed record Result(int Code, string Out, string Err)
    {
        /// <summary>Asserts exit code 0 and no stderr output (with both in the failure message).</summary>
        public Result Ok()
        {
            Assert.True(Code == 0, $"exit {Code}\nstderr: {Err}\nstdout: {Out}");
            Assert.Equal(string.Empty, Err);
            return this;
        }

        public string[] ErrLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
