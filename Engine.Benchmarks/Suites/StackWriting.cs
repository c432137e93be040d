using BenchmarkDotNet.Attributes;

namespace ScanImageTiff.Benchmarks.Suites;

/// <summary>
/// Writing a TIFF stack of many small frames, as a tif export or a conversion does: 20 000 frames of 64 × 64 int16
/// with a 300-byte description each (164 MB). Baseline: the writer as a live writer uses it, each frame's IFD,
/// pixels and link written at once (three system calls a frame). Engine: the same writer with the 1 MiB buffer that
/// exports and conversions use. The two files are byte for byte the same (checked).
/// </summary>
[MemoryDiagnoser]
public class StackWriting
{
    private const int Frames = 20_000;
    private const int Side = 64;
    private readonly short[] _pixels = new short[Side * Side];
    private readonly string _description = "frameNumbers = 1\nframeTimestamps_sec = 0.000000000\n" + new string(' ', 250);
    private string _path = string.Empty;

    /// <summary>Fills the frame and checks that both ways write the same file.</summary>
    [GlobalSetup]
    public void Setup()
    {
        new Random(7).NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_pixels.AsSpan()));
        // tmpfs where there is one: the page cache alone, without the disk's write-back in the timings.
        var directory = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        _path = Path.Combine(directory, $"sitiff-bench-writing-{Environment.ProcessId}.tif");
        Unbuffered();
        var plain = File.ReadAllBytes(_path);
        Buffered();
        if (!plain.AsSpan().SequenceEqual(File.ReadAllBytes(_path)))
        {
            throw new InvalidOperationException($"{nameof(StackWriting)}: the buffered writer wrote other bytes");
        }
    }

    /// <summary>Removes the file.</summary>
    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    /// <summary>Baseline: every frame written as it is appended.</summary>
    [Benchmark(Baseline = true)]
    public long Unbuffered() => Write(0);

    /// <summary>Engine: frames collected in a 1 MiB buffer.</summary>
    [Benchmark]
    public long Buffered() => Write(1 << 20);

    private long Write(int bufferBytes)
    {
        using var writer = TiffStackWriter.Create(_path, new TiffWriterOptions(), bufferBytes);
        for (var f = 0; f < Frames; f++)
        {
            writer.AppendFrame<short>(_pixels, Side, Side, _description);
        }

        return writer.Length;
    }
}
