using BenchmarkDotNet.Attributes;
using ScanImageTiff.Benchmarks.Inputs;
using ScanImageTiff.Benchmarks.Reporting;
using ScanImageTiff.Benchmarks.Support;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Benchmarks.Suites;

/// <summary>
/// Frame numbers, timestamps and flags of every frame as columns, parsed straight from the mapped
/// descriptions. The baseline reads one byte of each description (the floor: touching the pages).
/// Goal: (c), 100 000 frames, in ≤ 50 ms.
/// </summary>
[MemoryDiagnoser]
public class BulkTimestamps : IDescribesWorkload
{
    private ScanImageAcquisition? _acquisition;

    /// <summary>The input.</summary>
    [Params(InputKind.C100kSmall)]
    public InputKind Input { get; set; }

    /// <inheritdoc/>
    public static Workload Describe(InputKind input) => new(InputCatalog.Get(input).Frames, 0);

    /// <summary>Opens the acquisition and checks the columns against the generator's frame numbers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var input = InputFiles.Prepare(Input);
        _acquisition = ScanImageAcquisition.Open(input.Path);
        var columns = _acquisition.ReadFrameHeaderColumns();
        SelfCheck.Equal($"{nameof(BulkTimestamps)}: column length", input.Spec.Frames, columns.Count);
        SelfCheck.Equal($"{nameof(BulkTimestamps)}: last frame number", (long)input.Spec.Frames, columns.FrameNumbers[^1]);
    }

    /// <summary>Closes the acquisition.</summary>
    [GlobalCleanup]
    public void Cleanup() => _acquisition?.Dispose();

    /// <summary>Baseline: one byte of every description.</summary>
    [Benchmark(Baseline = true)]
    public long TouchDescriptions()
    {
        var reader = _acquisition!.Files[0];
        long total = 0;
        for (var i = 0; i < reader.FrameCount; i++)
        {
            total += reader.GetDescriptionSpan(i, default)[0];
        }

        return total;
    }

    /// <summary>Engine: every frame header's numbers as columns.</summary>
    [Benchmark]
    [Target(MaxMilliseconds = 50)]
    public long ReadFrameHeaderColumns()
    {
        var columns = _acquisition!.ReadFrameHeaderColumns();
        return columns.FrameNumbers[^1] + (long)columns.FrameTimestamps[^1];
    }
}
