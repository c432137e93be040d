using System.Diagnostics;

namespace ScanImageTiff.Tests.Cli;

/// <summary>
/// The real process with stdout on a pipe: output is collected and written in large pieces, and is the same text as
/// in-process; `stream --follow` still delivers each line as its frame arrives, not when the process ends.
/// </summary>
public sealed class RedirectedOutputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Piped_output_is_the_in_process_output()
    {
        using var process = Start("stream", SampleFile.Path);
        var piped = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000));
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(Sitiff.Run("stream", SampleFile.Path).Ok().Out, piped);
    }

    [Fact]
    public void A_followed_frame_is_printed_while_the_process_still_runs()
    {
        var path = _dir.File("live.tif");
        using var writer = TiffStackWriter.Create(path);
        writer.AppendFrame<short>([1, 2, 3, 4], 2, 2);
        using var process = Start("stream", path, "--follow", "--idle-timeout", "30");
        try
        {
            // Each line must come out at once: buffered until exit, it would only arrive after the 30 s idle timeout.
            Assert.Equal("0\t-\t-\t2.5000", ReadLine(process));
            writer.AppendFrame<short>([5, 6, 7, 8], 2, 2);
            Assert.Equal("1\t-\t-\t6.5000", ReadLine(process));
            Assert.False(process.HasExited);
        }
        finally
        {
            process.Kill();
        }
    }

    private static string? ReadLine(Process process)
    {
        var line = process.StandardOutput.ReadLineAsync();
        Assert.True(line.Wait(20_000), "no line within 20 s");
        return line.Result;
    }

    /// <summary>The built sitiff (JIT) in a child process, stdout redirected to a pipe.</summary>
    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sitiff.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info)!;
    }
}
