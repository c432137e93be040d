using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace ScanImageTiff.Benchmarks.Reporting;

/// <summary>The configuration <c>Program</c> runs with: BenchmarkDotNet's defaults plus the per-frame and target columns.</summary>
internal static class BenchConfig
{
    /// <summary>
    /// The config for a real run (jobs come from the command line, e.g. <c>--job short</c>, or the default
    /// job) or for a smoke run: every benchmark once, in this process (no generated project to build).
    /// </summary>
    public static IConfig Create(bool smoke)
    {
        var config = DefaultConfig.Instance
            .AddColumn(MetricColumn.All)
            .AddColumn(TargetColumn.Instance);
        if (smoke)
        {
            config = config.AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("Smoke"));
        }

        return config;
    }
}
