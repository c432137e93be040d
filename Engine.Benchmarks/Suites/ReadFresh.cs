using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Microsoft.Win32.SafeHandles;
using ScanImageTiff.Benchmarks.Inputs;
using ScanImageTiff.Benchmarks.Reporting;
using ScanImageTiff.Benchmarks.Support;

namespace ScanImageTiff.Benchmarks.Suites;

/// <summary>
/// Read a whole file into fresh memory and free it, as a one-shot load does: first-touch page faults on the
/// destination are part of the cost. <see cref="ScanImageTiffReader.ReadFramesNative{T}"/> against
/// <see cref="FreshReadBaseline"/>. Goal: ≥ 1.8× the baseline for 512×512 frames, ≥ 1.5× for (c).
/// Where first-touch faults are expensive (virtual machines) this mostly measures how well the destination's
/// pages are faulted in, which is why the engine faults them in from several threads.
/// </summary>
[MemoryDiagnoser]
public class ReadFresh : IDescribesWorkload
{
    private ScanImageTiffReader? _reader;
    private SafeFileHandle? _handle;
    private FrameRegions? _regions;
    private int _elementsPerFrame;

    /// <summary>The input.</summary>
    [Params(InputKind.A1kBig, InputKind.B12kBig, InputKind.C100kSmall)]
    public InputKind Input { get; set; }

    /// <inheritdoc/>
    public static Workload Describe(InputKind input) => new(InputCatalog.Get(input).Frames, InputCatalog.Get(input).PixelBytes);

    /// <summary>Opens both sides and checks the full content each side reads.</summary>
    [GlobalSetup]
    public unsafe void Setup()
    {
        var input = InputFiles.Prepare(Input);
        _reader = ScanImageTiffReader.Open(input.Path);
        _handle = File.OpenHandle(input.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        _regions = FrameRegions.Of(_reader, 0, _reader.FrameCount);
        _elementsPerFrame = input.Spec.ElementsPerFrame;

        var n = input.Spec.Frames;
        var what = $"{nameof(ReadFresh)} {Input}";
        var expectedSum = input.Pixels.Sum(0, n);
        var baseline = FreshReadBaseline.Read(_handle, _regions);
        try
        {
            SelfCheck.Equal($"{what}: baseline sum", expectedSum, PixelSum.Sum(baseline, n, _elementsPerFrame));
        }
        finally
        {
            NativeMemory.AlignedFree(baseline);
        }

        using (var engine = _reader.ReadFramesNative<short>(0, n))
        {
            SelfCheck.Equal($"{what}: engine sum", expectedSum, PixelSum.Sum((short*)engine.Pointer, n, _elementsPerFrame));
        }

        var expectedChecksum = input.Pixels.FirstAndLastSum(0, n);
        SelfCheck.Equal($"{what}: baseline checksum", expectedChecksum, RandomAccessIntoAlignedAlloc());
        SelfCheck.Equal($"{what}: huge-page baseline checksum", expectedChecksum, RandomAccessIntoHugePages());
        SelfCheck.Equal($"{what}: engine checksum", expectedChecksum, ReadFramesNative());
    }

    /// <summary>Closes both sides.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _reader?.Dispose();
        _handle?.Dispose();
    }

    /// <summary>Baseline: single-threaded pread per frame into fresh aligned memory.</summary>
    [Benchmark(Baseline = true)]
    public long RandomAccessIntoAlignedAlloc() => FreshReadBaseline.ReadAndChecksum(_handle!, _regions!, _elementsPerFrame);

    /// <summary>
    /// Not a baseline: the same single-threaded reads into huge-page memory, to show how much of the engine's
    /// speedup comes from its destination pages and how much from copying on several threads.
    /// </summary>
    [Benchmark]
    public long RandomAccessIntoHugePages() => FreshReadBaseline.ReadIntoHugePagesAndChecksum(_handle!, _regions!, _elementsPerFrame);

    /// <summary>Engine: <c>ReadFramesNative&lt;short&gt;(0, n)</c>, disposed after.</summary>
    [Benchmark]
    [Target(MinSpeedup = 1.8, For = [InputKind.A1kBig, InputKind.B12kBig])]
    [Target(MinSpeedup = 1.5, For = [InputKind.C100kSmall])]
    public unsafe long ReadFramesNative()
    {
        var reader = _reader!;
        using var frames = reader.ReadFramesNative<short>(0, reader.FrameCount);
        return Checksum.FirstAndLast((short*)frames.Pointer, reader.FrameCount, _elementsPerFrame);
    }
}
