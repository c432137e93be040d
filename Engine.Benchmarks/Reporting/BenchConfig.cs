using System.Reflection;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains;
using BenchmarkDotNet.Toolchains.CsProj;
using BenchmarkDotNet.Toolchains.DotNetCli;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace ScanImageTiff.Benchmarks.Reporting;

/// <summary>The configuration <c>Program</c> runs with: BenchmarkDotNet's defaults plus the per-frame and target columns.</summary>
internal static class BenchConfig
{
    /// <summary>
    /// The config for a real run (each benchmark in its own process) or for a smoke run (every benchmark
    /// once, in this process: nothing to build).
    /// </summary>
    /// <param name="smoke">Run every benchmark once on the small inputs.</param>
    /// <param name="jobName">The <c>--job</c> value (default, dry, short, medium, long, verylong); null for the default job.</param>
    public static IConfig Create(bool smoke, string? jobName)
    {
        var config = DefaultConfig.Instance
            .AddColumn(MetricColumn.All)
            .AddColumn(TargetColumn.Instance);
        if (smoke)
        {
            return config.AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("Smoke"));
        }

        // BenchmarkDotNet finds the project to build by searching for <assembly name>.csproj, but this
        // assembly is ScanImageTiff.Benchmarks (the name Engine's InternalsVisibleTo grants) while the project
        // is Engine.Benchmarks.csproj. Hand it the project file recorded at build time instead.
        var project = typeof(BenchConfig).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BenchmarkProjectFile")?.Value;
        var job = (jobName?.ToLowerInvariant() ?? "default") switch
        {
            "default" => Job.Default,
            "dry" => Job.Dry,
            "short" => Job.ShortRun,
            "medium" => Job.MediumRun,
            "long" => Job.LongRun,
            "verylong" => Job.VeryLongRun,
            _ => throw new ArgumentException($"unknown --job {jobName}: use default, dry, short, medium, long or verylong", nameof(jobName)),
        };
        if (project is null || !File.Exists(project))
        {
            return config.AddJob(job);
        }

        var tfm = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        var standard = CsProjCoreToolchain.From(new NetCoreAppSettings(tfm, runtimeFrameworkVersion: null!, name: tfm));
        var toolchain = new Toolchain(standard.Name, new KnownProjectGenerator(project, tfm), standard.Builder, standard.Executor);

        // BenchmarkDotNet takes a config's default job as the base of the command-line job and then ignores
        // --job, which is why Program hands --job to this method. Other options (--iterationCount, ...) still apply.
        return config.AddJob(job.WithToolchain(toolchain).AsDefault());
    }

    private sealed class KnownProjectGenerator(string projectFile, string tfm)
        : CsProjGenerator(tfm, cliPath: null!, packagesPath: null!, runtimeFrameworkVersion: null!, isNetCore: true)
    {
        protected override FileInfo GetProjectFilePath(Type benchmarkTarget, ILogger logger) => new(projectFile);
    }
}
