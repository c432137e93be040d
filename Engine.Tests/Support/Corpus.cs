using System.Text.Json.Nodes;

namespace ScanImageTiff.Tests.Support;

/// <summary>The real ScanImage files in ../shared/corpus/real and their expected.json.</summary>
internal static class Corpus
{
    private static readonly Lazy<string?> s_directory = new(FindDirectory);
    private static readonly Lazy<JsonObject?> s_expected = new(() =>
        Directory is null ? null : JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(Directory, "expected.json")))!.AsObject());

    public static string? Directory => s_directory.Value;

    public static JsonObject Expected => s_expected.Value ?? throw new InvalidOperationException("corpus missing");

    public static JsonObject Files => Expected["files"]!.AsObject();

    public static JsonObject Groups => Expected["groups"]!.AsObject();

    public static string Path(string relative) => System.IO.Path.Combine(Directory!, relative);

    /// <summary>Every single-file entry of expected.json (relative paths), for theories.</summary>
    public static TheoryData<string> FileNames()
    {
        var data = new TheoryData<string>();
        if (Directory is null)
        {
            data.Add("(corpus missing)");
            return data;
        }

        foreach (var (name, _) in Files)
        {
            data.Add(name);
        }

        return data;
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Engine.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Engine.sln not found above " + AppContext.BaseDirectory);
    }

    private static string? FindDirectory()
    {
        var env = Environment.GetEnvironmentVariable("SITIFF_CORPUS");
        if (!string.IsNullOrEmpty(env) && System.IO.Directory.Exists(env))
        {
            return env;
        }

        // ../shared next to the repository; from a git worktree nested deeper, the nearest ancestor that has one.
        for (var dir = new DirectoryInfo(RepositoryRoot()).Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "corpus", "real");
            if (File.Exists(System.IO.Path.Combine(candidate, "expected.json")))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A fact that is reported as skipped (with the reason) when the real corpus is absent.</summary>
internal sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (Corpus.Directory is null)
        {
            Skip = "real corpus not found at ../shared/corpus/real (set SITIFF_CORPUS to run these tests)";
        }
    }
}

/// <summary>A theory that is reported as skipped when the real corpus is absent.</summary>
internal sealed class CorpusTheoryAttribute : TheoryAttribute
{
    public CorpusTheoryAttribute()
    {
        if (Corpus.Directory is null)
        {
            Skip = "real corpus not found at ../shared/corpus/real (set SITIFF_CORPUS to run these tests)";
        }
    }
}
