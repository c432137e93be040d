using BenchmarkDotNet.Attributes;
using ScanImageTiff.Benchmarks.Inputs;
using ScanImageTiff.Benchmarks.Reporting;
using ScanImageTiff.Benchmarks.Support;

namespace ScanImageTiff.Benchmarks.Suites;

/// <summary>
/// Copy a whole file's frames into one buffer that is reused every time (already faulted in, so only the
/// copy is measured): <see cref="ScanImageTiffReader.ReadFrames{T}(int, int, Span{T})"/> against
/// <see cref="Buffer.MemoryCopy"/> of each frame from the baseline's own mapping. Goal: ≥ 0.8× the baseline.
/// </summary>
[MemoryDiagnoser]
public class ReadReusedBuffer : IDescribesWorkload
{
    private ScanImageTiffReader? _reader;
    private MappedFile? _mapped;
    private FrameRegions? _regions;
    private short[] _buffer = [];
    private int _elementsPerFrame;

    /// <summary>The input.</summary>
    [Params(InputKind.A1kBig, InputKind.A1kClassic)]
    public InputKind Input { get; set; }

    /// <inheritdoc/>
    public static Workload Describe(InputKind input) => new(InputCatalog.Get(input).Frames, InputCatalog.Get(input).PixelBytes);

    /// <summary>Opens both sides, allocates the buffer and checks what each side copies.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var input = InputFiles.Prepare(Input);
        _reader = ScanImageTiffReader.Open(input.Path);
        _mapped = new MappedFile(input.Path);
        _regions = FrameRegions.Of(_reader, 0, _reader.FrameCount);
        _elementsPerFrame = input.Spec.ElementsPerFrame;
        _buffer = GC.AllocateUninitializedArray<short>(checked((int)(_regions.TotalBytes / sizeof(short))), pinned: true);

        var n = input.Spec.Frames;
        var expectedSum = input.Pixels.Sum(0, n);
        var expectedChecksum = input.Pixels.FirstAndLastSum(0, n);
        var what = $"{nameof(ReadReusedBuffer)} {Input}";
        _buffer.AsSpan().Clear();
        SelfCheck.Equal($"{what}: baseline checksum", expectedChecksum, MemcpyFromMapping());
        SelfCheck.Equal($"{what}: baseline sum", expectedSum, PixelSum.Sum(_buffer));
        _buffer.AsSpan().Clear();
        SelfCheck.Equal($"{what}: engine checksum", expectedChecksum, ReadFrames());
        SelfCheck.Equal($"{what}: engine sum", expectedSum, PixelSum.Sum(_buffer));
    }

    /// <summary>Closes both sides.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _reader?.Dispose();
        _mapped?.Dispose();
    }

    /// <summary>Baseline: one <see cref="Buffer.MemoryCopy"/> per frame from the mapping, single-threaded.</summary>
    [Benchmark(Baseline = true)]
    public unsafe long MemcpyFromMapping()
    {
        var regions = _regions!;
        var offsets = regions.Offsets;
        var counts = regions.ByteCounts;
        var file = _mapped!.Pointer;
        fixed (short* destination = _buffer)
        {
            var at = (byte*)destination;
            var end = at + ((long)_buffer.Length * sizeof(short));
            for (var i = 0; i < offsets.Length; i++)
            {
                Buffer.MemoryCopy(file + offsets[i], at, end - at, counts[i]);
                at += counts[i];
            }
        }

        return Checksum.FirstAndLast(_buffer, _elementsPerFrame);
    }

    /// <summary>Engine: <c>ReadFrames&lt;short&gt;(0, n, buffer)</c>.</summary>
    [Benchmark]
    [Target(MinSpeedup = 0.8)]
    public long ReadFrames()
    {
        _reader!.ReadFrames<short>(0, _reader.FrameCount, _buffer);
        return Checksum.FirstAndLast(_buffer, _elementsPerFrame);
    }
}
