// Benchmarks of the ScanImageTiff engine, each against a baseline in the same run (warm page cache).
// Inputs are written once into $SITIFF_BENCH_DATA (default /tmp/sitiff-bench), never into the repository, and
// reused while name and length match; results go to ./BenchmarkDotNet.Artifacts (git-ignored). Every
// [GlobalSetup] checks its benchmarks' results against the generator's values and throws if one is wrong.
// Run from the repository root (bench.sh = `dotnet run -c Release --project Engine.Benchmarks -- "$@"`):
//
//   Smoke: every benchmark once (Job.Dry, in-process) on small inputs (50/120/1000 frames), < 1 min:
//     ./bench.sh --smoke
//
//   Full run, on a quiet machine (needs ~9 GB of inputs on a disk that keeps > 20 GB free, ~14 GB RAM
//   for (b); ReadFresh/Interval on (b) allocate 6.3 GB / 0.5 GB per operation):
//     ./bench.sh --filter '*'
//   or one class at a time (same results, easier to schedule):
//     ./bench.sh --filter '*OpenIndex*'
//     ./bench.sh --filter '*ZeroCopySum*'
//     ./bench.sh --filter '*ReadReusedBuffer*'
//     ./bench.sh --filter '*ReadFresh*'
//     ./bench.sh --filter '*Interval*'
//     ./bench.sh --filter '*LibTiffPeer*'
//   A filter may name an input too: --filter '*OpenIndex*C100kSmall*'.
//
//   Quick first read (short job: 3 warm-ups, 3 iterations):
//     ./bench.sh --filter '*OpenIndex*C100kSmall*' '*ZeroCopySum*A1kBig*' '*ReadReusedBuffer*' --job short
//
//   Check (b) end to end without measuring (writes the 6.3 GB file once): ./bench.sh --filter '*B12kBig*' --job dry
//
// Columns added to BenchmarkDotNet's: Frames/op, ns/frame (ns per IFD for OpenIndex), B/frame, GB/s,
// Speedup (baseline mean / mean) and Target (the goal from [Target] on the method: ok / MISS).
//
// Not here yet: bulk ScanImage timestamps over (c) (FrameHeaderColumnsBuilder) come with the ScanImage layer:
// add a class BulkTimestamps with [Params(InputKind.C100kSmall)] whose baseline parses each GetDescription(i)
// by hand. The `await foreach` stream version goes into ZeroCopySum (see the marked extension point there).
using BenchmarkDotNet.Running;
using ScanImageTiff.Benchmarks.Inputs;
using ScanImageTiff.Benchmarks.Reporting;

// `--prepare KIND...` (e.g. A1kBig C100kSmall) writes those inputs if missing and prints their paths, one a
// line: bench/whole-process.sh measures whole processes on the same files.
if (args.Length > 0 && args[0] == "--prepare")
{
    foreach (var name in args.Skip(1))
    {
        Console.WriteLine(InputFiles.Prepare(Enum.Parse<InputKind>(name)).Path);
    }

    return 0;
}

if (args is ["--decode-rate", var decodePath])
{
    return ScanImageTiff.Benchmarks.Suites.DecodeRate.Run(decodePath);
}

if (args.Length > 0 && args[0] == "--inflate-rate")
{
    return ScanImageTiff.Benchmarks.Suites.InflateStrips.Rate(args.Length > 1 ? args[1] : null);
}

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
