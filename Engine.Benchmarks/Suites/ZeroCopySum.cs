using BenchmarkDotNet.Attributes;
using ScanImageTiff.Benchmarks.Inputs;
using ScanImageTiff.Benchmarks.Reporting;
using ScanImageTiff.Benchmarks.Support;
using ScanImageTiff.Acquisition;
using ScanImageTiff.ScanImage;
using ScanImageTiff.Streaming;

namespace ScanImageTiff.Benchmarks.Suites;

/// <summary>
/// Sum every pixel of every frame without copying: the engine's <see cref="ScanImageTiffReader.TryGetFrameMemory{T}"/>
/// per frame against a hand-written loop over the baseline's own mapping, same <see cref="PixelSum"/> on both
/// sides. Goal: ≥ 0.9× the baseline's speed and 0 bytes allocated per frame.
/// </summary>
[MemoryDiagnoser]
public class ZeroCopySum : IDescribesWorkload
{
    private ScanImageTiffReader? _reader;
    private MappedFile? _mapped;
    private FrameRegions? _regions;
    private ScanImageAcquisition? _acquisition;
    private SelectedFrames? _all;

    /// <summary>The input.</summary>
    [Params(InputKind.A1kBig, InputKind.B12kBig)]
    public InputKind Input { get; set; }

    /// <inheritdoc/>
    public static Workload Describe(InputKind input) => new(InputCatalog.Get(input).Frames, InputCatalog.Get(input).PixelBytes);

    /// <summary>Opens both sides and checks both sums against the generator.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var input = InputFiles.Prepare(Input);
        _reader = ScanImageTiffReader.Open(input.Path);
        _mapped = new MappedFile(input.Path);
        _regions = FrameRegions.Of(_reader, 0, _reader.FrameCount);
        _acquisition = ScanImageAcquisition.Create([_reader], ownsFiles: false);
        _all = _acquisition.Select(new AcquisitionSelection { IncludeFlyback = true });
        var expected = input.Pixels.Sum(0, input.Spec.Frames);
        SelfCheck.Equal($"{nameof(ZeroCopySum)} {Input}: baseline sum", expected, PointerLoop());
        SelfCheck.Equal($"{nameof(ZeroCopySum)} {Input}: engine sum", expected, TryGetFrameMemory());
        SelfCheck.Equal($"{nameof(ZeroCopySum)} {Input}: stream sum", expected, StreamSum().GetAwaiter().GetResult());
        SelfCheck.Equal($"{nameof(ZeroCopySum)} {Input}: acquisition stream sum", expected, AcquisitionStreamSum().GetAwaiter().GetResult());
    }

    /// <summary>Closes both sides.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _reader?.Dispose();
        _mapped?.Dispose();
    }

    /// <summary>Baseline: view pointer + each frame's DataOffset/ByteCount, summed in place.</summary>
    [Benchmark(Baseline = true)]
    public unsafe long PointerLoop()
    {
        var regions = _regions!;
        var offsets = regions.Offsets;
        var counts = regions.ByteCounts;
        var file = _mapped!.Pointer;
        long total = 0;
        for (var i = 0; i < offsets.Length; i++)
        {
            total += PixelSum.Sum(new ReadOnlySpan<short>(file + offsets[i], counts[i] / sizeof(short)));
        }

        return total;
    }

    /// <summary>Engine: one <see cref="ScanImageTiffReader.TryGetFrameMemory{T}"/> per frame, summed through its span.</summary>
    [Benchmark]
    [Target(MinSpeedup = 0.9, MaxBytesPerFrame = 0)]
    public long TryGetFrameMemory()
    {
        var reader = _reader!;
        var n = reader.FrameCount;
        long total = 0;
        for (var i = 0; i < n; i++)
        {
            if (!reader.TryGetFrameMemory<short>(i, out var pixels))
            {
                throw new InvalidOperationException($"frame {i} is not zero-copy");
            }

            total += PixelSum.Sum(pixels.Span);
        }

        return total;
    }

    /// <summary>Engine: <c>await foreach</c> over the bounded-channel stream (zero-copy frames, producer touching pages ahead).</summary>
    [Benchmark]
    [Target(MinSpeedup = 0.9, MaxBytesPerFrame = 0)]
    public async Task<long> StreamSum()
    {
        long total = 0;
        await foreach (var frame in _reader!.StreamFrames<short>().ConfigureAwait(false))
        {
            total += PixelSum.Sum(frame.Pixels.Span);
        }

        return total;
    }

    /// <summary>
    /// Engine: <c>await foreach</c> over the acquisition-level stream (the selection resolved once, frames with
    /// their coordinates, zero-copy), what <c>sitiff stream</c> and acquisition tools use.
    /// </summary>
    [Benchmark]
    [Target(MinSpeedup = 0.9, MaxBytesPerFrame = 0)]
    public async Task<long> AcquisitionStreamSum()
    {
        long total = 0;
        await foreach (var frame in _all!.StreamFrames<short>().ConfigureAwait(false))
        {
            total += PixelSum.Sum(frame.Pixels.Span);
        }

        return total;
    }
}
