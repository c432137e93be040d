// Benchmarks of the ScanImageTiff engine, each against a baseline in the same run (warm page cache).
// Inputs are written once into $SITIFF_BENCH_DATA (default /tmp/sitiff-bench), never into the repository;
// results go to ./BenchmarkDotNet.Artifacts (git-ignored). Run from the repository root:
//
//   Smoke (every benchmark once, small inputs, in-process, < 2 min):
//     ./bench.sh --smoke
//
//   Full run (needs > 20 GB free for the 6.3 GB input (b), ~9 GB of inputs in all, ~14 GB RAM for (b);
//   run on a quiet machine; expect well over an hour, most of it ReadFresh/Interval/ZeroCopySum on (b)):
//     ./bench.sh --filter '*'
//   or class by class:
//     ./bench.sh --filter '*OpenIndex*'
//     ./bench.sh --filter '*ZeroCopySum*'
//     ./bench.sh --filter '*ReadReusedBuffer*'
//     ./bench.sh --filter '*ReadFresh*'
//     ./bench.sh --filter '*Interval*'
//     ./bench.sh --filter '*LibTiffPeer*'
//
//   Quick first read (short job: 3 warm-ups, 3 iterations):
//     ./bench.sh --filter '*OpenIndex*' '*ReadReusedBuffer*' '*ZeroCopySum*' --job short
//   (bench.sh is `dotnet run -c Release --project Engine.Benchmarks -- "$@"`.)
//
// Bulk ScanImage timestamps over (c) (FrameHeaderColumnsBuilder) come with the ScanImage layer: add a class
// BulkTimestamps with [Params(InputKind.C100kSmall)] whose baseline parses each GetDescription(i) by hand.
using BenchmarkDotNet.Running;
using ScanImageTiff.Benchmarks.Inputs;
using ScanImageTiff.Benchmarks.Reporting;

var smoke = args.Contains("--smoke");
var rest = args.Where(a => a != "--smoke").ToList();

// --job is taken out and given to the config (see BenchConfig.Create for why).
string? jobName = null;
var jobAt = rest.FindIndex(a => a is "--job" or "-j");
if (jobAt >= 0 && jobAt + 1 < rest.Count)
{
    jobName = rest[jobAt + 1];
    rest.RemoveRange(jobAt, 2);
}
if (smoke)
{
    // Read by every [GlobalSetup] (same process: the smoke job runs in-process) to pick the small inputs.
    Environment.SetEnvironmentVariable(InputCatalog.SmokeVariable, "1");
    if (!rest.Any(a => a is "--filter" or "-f"))
    {
        rest.AddRange(["--filter", "*"]);
    }
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. rest], BenchConfig.Create(smoke, jobName));

// A failed [GlobalSetup] self-check or benchmark must fail the command, so CI-like checks notice.
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
