using System.Diagnostics;

namespace ScanImageTiff.Tests.Compression;

/// <summary>
/// libtiff's tools (Debian libtiff-tools) and tifffile (Debian python3-tifffile under /usr/bin/python3), the
/// independent readers and writers the compressed files are checked against. .ci/run installs both; tests that
/// need a missing one are reported as skipped with the reason.
/// </summary>
internal static class ExternalTools
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<bool> s_libtiff = new(() => Which("tiffcp") && Which("tiffcmp"));
    private static readonly Lazy<bool> s_tifffile = new(() => File.Exists(Python) && TryRun(Python, ["-c", "import numpy, tifffile"], out _));

    public static bool HasLibTiff => s_libtiff.Value;

    public static bool HasTifffile => s_tifffile.Value;

    /// <summary>Runs a tool and fails the test with its output when it exits non-zero.</summary>
    public static string Run(string tool, params string[] arguments)
    {
        if (!TryRun(tool, arguments, out var output))
        {
            Assert.Fail($"{tool} {string.Join(' ', arguments)} failed:\n{output}");
        }

        return output;
    }

    /// <summary>Runs a Python script (the text) with /usr/bin/python3 and the given arguments.</summary>
    public static string RunPython(string script, params string[] arguments) => Run(Python, ["-c", script, .. arguments]);

    public static bool TryRun(string tool, string[] arguments, out string output)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        try
        {
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            output += stderr.Result;
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            output = e.Message;
            return false;
        }
    }

    private static bool Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));
}

/// <summary>A theory reported as skipped when libtiff's tools are not installed.</summary>
internal sealed class LibTiffTheoryAttribute : TheoryAttribute
{
    public LibTiffTheoryAttribute()
    {
        if (!ExternalTools.HasLibTiff)
        {
            Skip = "libtiff's tiffcp/tiffcmp not found (apt-get install libtiff-tools; .ci/run does)";
        }
    }
}

/// <summary>A fact reported as skipped when libtiff's tools are not installed.</summary>
internal sealed class LibTiffFactAttribute : FactAttribute
{
    public LibTiffFactAttribute()
    {
        if (!ExternalTools.HasLibTiff)
        {
            Skip = "libtiff's tiffcp/tiffcmp not found (apt-get install libtiff-tools; .ci/run does)";
        }
    }
}

/// <summary>A theory reported as skipped when /usr/bin/python3 cannot import tifffile.</summary>
internal sealed class TifffileTheoryAttribute : TheoryAttribute
{
    public TifffileTheoryAttribute()
    {
        if (!ExternalTools.HasTifffile)
        {
            Skip = "tifffile not importable by /usr/bin/python3 (apt-get install python3-tifffile; .ci/run does)";
        }
    }
}
