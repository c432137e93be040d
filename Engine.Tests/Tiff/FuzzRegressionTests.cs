using System.Text;
using ScanImageTiff.Fuzz;
using ScanImageTiff.Tests.Support;

namespace ScanImageTiff.Tests.Tiff;

/// <summary>
/// Replays, through the fuzzer's oracles (documented exceptions only, bounded allocation and time, per-frame and
/// bulk frame headers agree, both backends agree), every minimized finding in <c>Engine.Tests/FuzzRegressions</c>,
/// issue 15's minimal inputs, and a short fixed-seed fuzz run. The allocation oracle counts every thread of the
/// process, so these run alone (a collection without parallelization runs after the parallel ones).
/// </summary>
[Collection(nameof(FuzzRegressionTests))]
[CollectionDefinition(nameof(FuzzRegressionTests), DisableParallelization = true)]
public sealed class FuzzRegressionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sitiff-fuzzreg-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Findings()
    {
        var data = new TheoryData<string>();
        var dir = Path.Combine(RepoRoot(), "Engine.Tests", "FuzzRegressions");
        foreach (var file in Directory.EnumerateFiles(dir, "*.tif").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Findings))]
    public void A_fuzz_finding_stays_fixed(string name)
    {
        var finding = FuzzTarget.Run(Path.Combine(RepoRoot(), "Engine.Tests", "FuzzRegressions", name));

        Assert.True(finding is null, $"{finding?.Kind}: {finding?.Detail}");
    }

    [Fact]
    public void Issue_15_minimal_inputs_pass_every_oracle()
    {
        var inputs = Issue15Inputs.Write(_dir);

        Assert.Equal(13, inputs.Count);
        Assert.All(inputs, input =>
        {
            var finding = FuzzTarget.Run(input.Path);
            Assert.True(finding is null, $"{input.Name}: {finding?.Kind}: {finding?.Detail}");
        });
    }

    [Fact]
    public void The_seeds_and_a_short_fixed_seed_run_find_nothing()
    {
        var seeds = SeedCorpus.Build(Path.Combine(_dir, "seeds"));
        var mutator = new Mutator([.. seeds.Select(s => s.Bytes)], seed: 15);
        var path = Path.Combine(_dir, "current.tif");
        foreach (var (name, bytes) in seeds)
        {
            File.WriteAllBytes(path, bytes);
            var seedFinding = FuzzTarget.Run(path);
            Assert.True(seedFinding is null, $"seed {name}: {seedFinding?.Kind}: {seedFinding?.Detail}");
        }

        for (var i = 0; i < 300; i++)
        {
            var input = mutator.Next();
            File.WriteAllBytes(path, input);
            var finding = FuzzTarget.Run(path);
            Assert.True(finding is null, $"input {i} ({mutator.LastMutations}): {finding?.Kind}: {finding?.Detail}");
        }
    }

    [Fact]
    public void The_oracle_reports_an_undocumented_exception()
    {
        // The harness must be able to fail: a file the reader cannot even find is not a documented format error.
        var finding = FuzzTarget.Run(Path.Combine(_dir, "missing.tif"));

        Assert.NotNull(finding);
        Assert.Contains("FileNotFoundException", finding.Kind, StringComparison.Ordinal);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Engine.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Engine.sln not found above " + AppContext.BaseDirectory);
    }
}
