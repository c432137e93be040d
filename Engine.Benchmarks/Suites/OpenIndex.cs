using BenchmarkDotNet.Attributes;
using ScanImageTiff.Benchmarks.Inputs;
using ScanImageTiff.Benchmarks.Reporting;
using ScanImageTiff.Benchmarks.Support;

namespace ScanImageTiff.Benchmarks.Suites;

/// <summary>
/// Open a file and index every IFD (the frame table every other call depends on). The baseline only
/// opens the file and asks its length, the floor any reader pays. Goal: ≤ 200 ns per IFD, and (c)
/// (100 000 IFDs) in ≤ 20 ms.
/// </summary>
[MemoryDiagnoser]
public class OpenIndex : IDescribesWorkload
{
    private string _path = string.Empty;

    /// <summary>The input.</summary>
    [Params(InputKind.C100kSmall, InputKind.A1kBig, InputKind.A1kClassic)]
    public InputKind Input { get; set; }

    /// <inheritdoc/>
    public static Workload Describe(InputKind input) => new(InputCatalog.Get(input).Frames, 0);

    /// <summary>Writes or reuses the input and checks the index against the generator.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var input = InputFiles.Prepare(Input);
        _path = input.Path;
        var n = input.Spec.Frames;
        foreach (var backend in new[] { ReadBackend.Mapped, ReadBackend.RandomAccess })
        {
            using var reader = ScanImageTiffReader.Open(_path, new ReaderOptions { Backend = backend });
            var what = $"{nameof(OpenIndex)} {Input} {backend}";
            SelfCheck.Equal($"{what}: frame count", n, reader.FrameCount);
            SelfCheck.True($"{what}: chain complete, no damage", reader.IsChainComplete && reader.Damage is null);
            var frame = new short[input.Spec.ElementsPerFrame];
            foreach (var k in new[] { 0, n / 2, n - 1 })
            {
                reader.ReadFrame<short>(k, frame);
                SelfCheck.Equal($"{what}: first sample of frame {k}", SyntheticPixels.FirstSample(k), frame[0]);
                SelfCheck.Equal($"{what}: last sample of frame {k}", input.Pixels.LastSample(k), frame[^1]);
                SelfCheck.True($"{what}: description of frame {k} starts with frameNumbers = {k + 1}", reader.GetDescription(k).StartsWith($"frameNumbers = {k + 1}\n", StringComparison.Ordinal));
            }
        }
    }

    /// <summary>Open the file and read its length: the floor.</summary>
    [Benchmark(Baseline = true)]
    public long OpenHandleGetLength()
    {
        using var handle = File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return RandomAccess.GetLength(handle);
    }

    /// <summary>Open mapped and index every IFD (the default backend).</summary>
    [Benchmark]
    [Target(MaxNsPerFrame = 200)]
    [Target(MaxMilliseconds = 20, For = [InputKind.C100kSmall])]
    public long OpenAndIndex()
    {
        using var reader = ScanImageTiffReader.Open(_path);
        return reader.FrameCount + reader.GetFrameInfo(reader.FrameCount - 1).DataOffset;
    }

    /// <summary>
    /// Open mapped without reusing this process's mapping of the file: what a first open in a new process
    /// pays, dominated on these machines by the first touch of each IFD's page.
    /// </summary>
    [Benchmark]
    public long OpenAndIndexNewMapping()
    {
        using var reader = ScanImageTiffReader.Open(_path, new ReaderOptions { ShareMappings = false });
        return reader.FrameCount + reader.GetFrameInfo(reader.FrameCount - 1).DataOffset;
    }

    /// <summary>Open with the pread backend (network file systems, files that may shrink) and index every IFD.</summary>
    [Benchmark]
    public long OpenAndIndexRandomAccess()
    {
        using var reader = ScanImageTiffReader.Open(_path, new ReaderOptions { Backend = ReadBackend.RandomAccess });
        return reader.FrameCount + reader.GetFrameInfo(reader.FrameCount - 1).DataOffset;
    }
}
