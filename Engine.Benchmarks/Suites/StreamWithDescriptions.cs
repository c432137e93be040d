using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Microsoft.Win32.SafeHandles;
using ScanImageTiff.Acquisition;
using ScanImageTiff.Benchmarks.Inputs;
using ScanImageTiff.Benchmarks.Reporting;
using ScanImageTiff.Benchmarks.Support;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Benchmarks.Suites;

/// <summary>
/// What <c>sitiff stream</c> does per frame, with pread: the untyped acquisition stream, each frame's pixels summed and
/// its frame number read from its description (<see cref="FrameHeader.ReadCounters"/>). The engine reads a ScanImage
/// frame's description and pixels with one read into one pooled buffer. The baseline is the two reads per frame a
/// reader needs without that (pixels, then description) into buffers it keeps, with the same sum and scan and nothing
/// else: no pump, no threads. Goal: 0 bytes allocated per frame, and for small frames (where a system call costs as
/// much as copying tens of KiB) ≥ 1.0× the baseline's speed. Large frames are bound by the copies: there the stream's
/// rotating pooled buffers cost it against the baseline's one buffer, which stays in the cache (0.81× measured).
/// </summary>
[MemoryDiagnoser]
public class StreamWithDescriptions : IDescribesWorkload
{
    private SafeFileHandle? _handle;
    private FrameRegions? _regions;
    private long[] _descriptionOffsets = [];
    private int[] _descriptionLengths = [];
    private ScanImageAcquisition? _acquisition;
    private SelectedFrames? _all;
    private long _expectedFrameNumbers;

    /// <summary>The input.</summary>
    [Params(InputKind.C100kSmall, InputKind.A1kBig)]
    public InputKind Input { get; set; }

    /// <inheritdoc/>
    public static Workload Describe(InputKind input) => new(InputCatalog.Get(input).Frames, InputCatalog.Get(input).PixelBytes);

    /// <summary>Opens both sides and checks both against the generator.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var input = InputFiles.Prepare(Input);
        _handle = File.OpenHandle(input.Path);
        var reader = ScanImageTiffReader.Open(input.Path, new ReaderOptions { Backend = ReadBackend.RandomAccess });
        _regions = FrameRegions.Of(reader, 0, reader.FrameCount);
        _descriptionOffsets = reader.Table.DescriptionOffsets.ToArray();
        _descriptionLengths = reader.Table.DescriptionLengths.ToArray();
        _acquisition = ScanImageAcquisition.Create([reader], ownsFiles: true);
        _all = _acquisition.Select(new AcquisitionSelection { IncludeFlyback = true });
        var n = input.Spec.Frames;

        // Frame numbers are 1..n (the generator's headers): their sum, and the pixel sum, check both sides.
        _expectedFrameNumbers = (long)n * (n + 1) / 2;
        var expected = input.Pixels.Sum(0, n) + _expectedFrameNumbers;
        SelfCheck.Equal($"{nameof(StreamWithDescriptions)} {Input}: baseline", expected, TwoReads());
        SelfCheck.Equal($"{nameof(StreamWithDescriptions)} {Input}: engine stream", expected, Stream().GetAwaiter().GetResult());
    }

    /// <summary>Closes both sides.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _handle?.Dispose();
        _acquisition?.Dispose();
    }

    /// <summary>Baseline: per frame, one pread of the pixels and one of the description into kept buffers, then the same sum and scan.</summary>
    [Benchmark(Baseline = true)]
    public long TwoReads()
    {
        var regions = _regions!;
        var pixels = new byte[regions.ByteCounts.Max()];
        var description = new byte[_descriptionLengths.Max()];
        long total = 0;
        for (var i = 0; i < regions.Count; i++)
        {
            var frame = pixels.AsSpan(0, regions.ByteCounts[i]);
            RandomAccess.Read(_handle!, frame, regions.Offsets[i]);
            var text = description.AsSpan(0, _descriptionLengths[i]);
            RandomAccess.Read(_handle!, text, _descriptionOffsets[i]);
            total += PixelSum.Sum(MemoryMarshal.Cast<byte, short>(frame)) + (FrameHeader.ReadCounters(text).FrameNumber ?? 0);
        }

        return total;
    }

    /// <summary>Engine: <c>await foreach</c> over the untyped acquisition stream with pread, the description from each frame.</summary>
    [Benchmark]
    [Target(MaxBytesPerFrame = 0)]
    [Target(MinSpeedup = 1.0, For = [InputKind.C100kSmall])]
    public async Task<long> Stream()
    {
        long total = 0;
        await foreach (var frame in _all!.StreamFrameBytes().ConfigureAwait(false))
        {
            total += PixelSum.Sum(MemoryMarshal.Cast<byte, short>(frame.Pixels.Span)) + (FrameHeader.ReadCounters(frame.GetDescriptionBytes().Span).FrameNumber ?? 0);
        }

        return total;
    }
}
