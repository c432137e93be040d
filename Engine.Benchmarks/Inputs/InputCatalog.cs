namespace ScanImageTiff.Benchmarks.Inputs;

/// <summary>The size of each input, full or smoke (<c>SITIFF_BENCH_SMOKE=1</c>), and where input files live.</summary>
public static class InputCatalog
{
    /// <summary>Environment variable that selects the small smoke inputs when set to 1.</summary>
    public const string SmokeVariable = "SITIFF_BENCH_SMOKE";

    /// <summary>Environment variable naming the folder for generated inputs (default <see cref="DefaultDataDirectory"/>).</summary>
    public const string DataVariable = "SITIFF_BENCH_DATA";

    /// <summary>Where inputs are written when <see cref="DataVariable"/> is not set. Never inside the repository.</summary>
    public const string DefaultDataDirectory = "/tmp/sitiff-bench";

    /// <summary>True when the small smoke inputs are selected.</summary>
    public static bool IsSmoke => Environment.GetEnvironmentVariable(SmokeVariable) == "1";

    /// <summary>The folder holding the generated inputs.</summary>
    public static string DataDirectory =>
        Environment.GetEnvironmentVariable(DataVariable) is { Length: > 0 } d ? d : DefaultDataDirectory;

    /// <summary>The shape of <paramref name="kind"/> in the current mode.</summary>
    /// <param name="kind">The input.</param>
    public static InputSpec Get(InputKind kind)
    {
        var smoke = IsSmoke;
        return kind switch
        {
            InputKind.A1kClassic => new(kind, smoke ? 50 : 1_000, 512, 512, BigTiff: false, ScanImageLayout: false),
            InputKind.A1kBig => new(kind, smoke ? 50 : 1_000, 512, 512, BigTiff: true, ScanImageLayout: true),
            InputKind.B12kBig => new(kind, smoke ? 120 : 12_000, 512, 512, BigTiff: true, ScanImageLayout: true),
            InputKind.C100kSmall => new(kind, smoke ? 1_000 : 100_000, 64, 64, BigTiff: true, ScanImageLayout: true),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }
}
