using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Microsoft.Win32.SafeHandles;
using ScanImageTiff.Benchmarks.Inputs;
using ScanImageTiff.Benchmarks.Reporting;
using ScanImageTiff.Benchmarks.Support;

namespace ScanImageTiff.Benchmarks.Suites;

/// <summary>
/// Read 1 000 frames from the middle of the 6 GB file into fresh memory (a time window of a long
/// recording): <see cref="ScanImageTiffReader.ReadFramesNative{T}"/> against <see cref="FreshReadBaseline"/>
/// on the same bytes. Goal: ≥ 1.8× the baseline.
/// </summary>
[MemoryDiagnoser]
public class Interval : IDescribesWorkload
{
    private ScanImageTiffReader? _reader;
    private SafeFileHandle? _handle;
    private FrameRegions? _regions;
    private int _start;
    private int _end;
    private int _elementsPerFrame;

    /// <summary>The input.</summary>
    [Params(InputKind.B12kBig)]
    public InputKind Input { get; set; }

    /// <inheritdoc/>
    public static Workload Describe(InputKind input)
    {
        var spec = InputCatalog.Get(input);
        var frames = FramesOf(spec);
        return new(frames, frames * spec.FrameBytes);
    }

    /// <summary>Opens both sides and checks the interval each side reads.</summary>
    [GlobalSetup]
    public unsafe void Setup()
    {
        var input = InputFiles.Prepare(Input);
        var count = FramesOf(input.Spec);
        _start = (input.Spec.Frames - count) / 2;
        _end = _start + count;
        _reader = ScanImageTiffReader.Open(input.Path);
        _handle = File.OpenHandle(input.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        _regions = FrameRegions.Of(_reader, _start, _end);
        _elementsPerFrame = input.Spec.ElementsPerFrame;

        var what = $"{nameof(Interval)} {Input} [{_start}, {_end})";
        var expectedSum = input.Pixels.Sum(_start, _end);
        var baseline = FreshReadBaseline.Read(_handle, _regions);
        try
        {
            SelfCheck.Equal($"{what}: baseline sum", expectedSum, PixelSum.Sum(baseline, count, _elementsPerFrame));
        }
        finally
        {
            NativeMemory.AlignedFree(baseline);
        }

        using (var engine = _reader.ReadFramesNative<short>(_start, _end))
        {
            SelfCheck.Equal($"{what}: engine sum", expectedSum, PixelSum.Sum((short*)engine.Pointer, count, _elementsPerFrame));
        }

        var expectedChecksum = input.Pixels.FirstAndLastSum(_start, _end);
        SelfCheck.Equal($"{what}: baseline checksum", expectedChecksum, RandomAccessIntoAlignedAlloc());
        SelfCheck.Equal($"{what}: engine checksum", expectedChecksum, ReadFramesNative());
    }

    /// <summary>Closes both sides.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _reader?.Dispose();
        _handle?.Dispose();
    }

    /// <summary>Baseline: single-threaded pread per frame of the interval into fresh aligned memory.</summary>
    [Benchmark(Baseline = true)]
    public long RandomAccessIntoAlignedAlloc() => FreshReadBaseline.ReadAndChecksum(_handle!, _regions!, _elementsPerFrame);

    /// <summary>Engine: <c>ReadFramesNative&lt;short&gt;(start, start + 1000)</c>, disposed after.</summary>
    [Benchmark]
    [Target(MinSpeedup = 1.8)]
    public unsafe long ReadFramesNative()
    {
        using var frames = _reader!.ReadFramesNative<short>(_start, _end);
        return Checksum.FirstAndLast((short*)frames.Pointer, _end - _start, _elementsPerFrame);
    }

    // 1 000 frames, or half the file when a smoke input is smaller than that.
    private static int FramesOf(InputSpec spec) => Math.Min(1_000, spec.Frames / 2);
}
