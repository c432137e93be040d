using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using ScanImageTiff.Fuzz;

// sitiff-fuzz: an in-process mutation fuzzer over seeds written by the project's own writer.
//   sitiff-fuzz run [--seed N] [--seconds S] [--iterations N] [--findings DIR] [--work DIR]
//   sitiff-fuzz replay DIR
//   sitiff-fuzz issue15 DIR       (writes issue 15's minimal inputs)
//   sitiff-fuzz measure FILE...   (allocation, time and first finding of one pass over each file)
// Every finding is minimized and written to --findings (default Engine.Tests/FuzzRegressions), which the tests
// replay. Exit code: 0 no finding, 1 findings, 2 usage, 3 an input hung (saved before exiting).
var command = args.Length > 0 ? args[0] : "run";
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i + 1 < args.Length; i += 2)
{
    options[args[i].TrimStart('-')] = args[i + 1];
}

string Option(string name, string fallback) => options.TryGetValue(name, out var v) ? v : fallback;

switch (command)
{
    case "replay":
    {
        var dir = args.Length > 1 ? args[1] : "Engine.Tests/FuzzRegressions";
        var failed = 0;
        foreach (var file in Directory.EnumerateFiles(dir, "*.tif").Order(StringComparer.Ordinal))
        {
            var finding = FuzzTarget.Run(file);
            Console.WriteLine($"{Path.GetFileName(file)}: {(finding is null ? "ok" : $"{finding.Kind}: {finding.Detail}")}");
            failed += finding is null ? 0 : 1;
        }

        return failed == 0 ? 0 : 1;
    }

    case "issue15":
    {
        // Writes issue 15's minimal inputs, for measurements with other tools (sitiff, /usr/bin/time).
        foreach (var (name, path) in Issue15Inputs.Write(args.Length > 1 ? args[1] : "issue15-inputs"))
        {
            Console.WriteLine($"{name}\t{path}");
        }

        return 0;
    }

    case "measure":
    {
        // Allocation and time of one pass of every API on both backends, per file (run one file per process to
        // measure code that may crash).
        foreach (var file in args.Skip(1))
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            var finding = FuzzTarget.Run(file);
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(file)}\t{allocated / 1048576.0:F1} MiB\t{watch.Elapsed.TotalMilliseconds:F0} ms\t{finding?.Kind ?? "ok"}"));
        }

        return 0;
    }

    case "run":
        break;
    default:
        Console.Error.WriteLine("usage: sitiff-fuzz run [--seed N] [--seconds S] [--iterations N] [--findings DIR] [--work DIR] | replay DIR");
        return 2;
}

var seed = int.Parse(Option("seed", "1"), CultureInfo.InvariantCulture);
var seconds = double.Parse(Option("seconds", "60"), CultureInfo.InvariantCulture);
var maxIterations = long.Parse(Option("iterations", long.MaxValue.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
var findingsDir = Option("findings", Path.Combine("Engine.Tests", "FuzzRegressions"));
var work = Option("work", Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), $"sitiff-fuzz-{Environment.ProcessId}"));
Directory.CreateDirectory(work);
var current = Path.Combine(work, "current.tif");

var seeds = SeedCorpus.Build(Path.Combine(work, "seeds"));
foreach (var (name, bytes) in seeds)
{
    File.WriteAllBytes(current, bytes);
    if (FuzzTarget.Run(current) is { } f)
    {
        Console.Error.WriteLine($"seed {name} fails before any mutation: {f.Kind}: {f.Detail}");
        return 1;
    }
}

// A hang never returns to the loop: a watchdog saves the input and ends the process. It counts CPU time since
// the input started (wall time misleads at low priority on a busy machine, or when the process is stopped),
// with a wall-clock backstop for an input that blocks without computing.
var iterationCpu = FuzzTarget.CpuTime().Ticks;
var iterationStart = Stopwatch.GetTimestamp();
var hangCpu = TimeSpan.FromSeconds(60);
var hangWall = TimeSpan.FromMinutes(30);
var watchdog = new Thread(() =>
{
    while (true)
    {
        Thread.Sleep(1000);
        var cpu = FuzzTarget.CpuTime() - TimeSpan.FromTicks(Interlocked.Read(ref iterationCpu));
        if (cpu > hangCpu || Stopwatch.GetElapsedTime(Interlocked.Read(ref iterationStart)) > hangWall)
        {
            var saved = Save(findingsDir, "hang", File.ReadAllBytes(current), $"no return after {cpu.TotalSeconds:F0} s of CPU");
            Console.Error.WriteLine($"fuzz: an input hung; saved to {saved}");
            Environment.Exit(3);
        }
    }
})
{ IsBackground = true };
watchdog.Start();

var mutator = new Mutator([.. seeds.Select(s => s.Bytes)], seed);
var kinds = new HashSet<string>(StringComparer.Ordinal);
long iterations = 0, mutations = 0, findings = 0;
var clock = Stopwatch.StartNew();
var lastReport = TimeSpan.Zero;
while (clock.Elapsed.TotalSeconds < seconds && iterations < maxIterations)
{
    var input = mutator.Next();
    mutations += mutator.LastMutations.Count(c => c == ' ') - 2;
    iterations++;
    File.WriteAllBytes(current, input);
    Interlocked.Exchange(ref iterationCpu, FuzzTarget.CpuTime().Ticks);
    Interlocked.Exchange(ref iterationStart, Stopwatch.GetTimestamp());
    var finding = FuzzTarget.Run(current);
    if (finding is { Kind: "time" or "allocation" })
    {
        // A loaded machine can be slow once; a real cost fails again.
        finding = FuzzTarget.Run(current);
    }

    if (finding is not null)
    {
        findings++;
        if (kinds.Add(finding.Kind))
        {
            var minimal = Minimizer.Minimize(input, finding.Kind, current, TimeSpan.FromSeconds(30));
            var saved = Save(findingsDir, finding.Kind, minimal, $"{finding.Kind}\n{finding.Detail}\nmutations: {mutator.LastMutations}\n");
            Console.Error.WriteLine($"fuzz: finding {finding.Kind} -> {saved}");
        }
    }

    Interlocked.Exchange(ref iterationCpu, FuzzTarget.CpuTime().Ticks);
    Interlocked.Exchange(ref iterationStart, Stopwatch.GetTimestamp());
    if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(30))
    {
        lastReport = clock.Elapsed;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fuzz: {iterations} iterations, {iterations / clock.Elapsed.TotalSeconds:F0}/s, {findings} findings"));
    }
}

// One line, worded so CI's "Passed:"/"Failed:" counting cannot pick it up.
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"fuzz: seed {seed}, {iterations} inputs, {mutations} mutations, {iterations / clock.Elapsed.TotalSeconds:F0} inputs/s, {clock.Elapsed.TotalSeconds:F0} s, findings {findings} ({kinds.Count} kinds)"));
Directory.Delete(work, recursive: true);
return findings == 0 ? 0 : 1;

static string Save(string dir, string kind, byte[] input, string detail)
{
    Directory.CreateDirectory(dir);
    var name = $"{new string([.. kind.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')])}-{Convert.ToHexStringLower(SHA256.HashData(input))[..12]}";
    var path = Path.Combine(dir, name + ".tif");
    File.WriteAllBytes(path, input);
    File.WriteAllText(Path.Combine(dir, name + ".txt"), detail);
    return path;
}
