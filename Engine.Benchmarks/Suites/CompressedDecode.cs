using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using ScanImageTiff.Acquisition;
using ScanImageTiff.ScanImage;
using LibTiff = BitMiracle.LibTiff.Classic.Tiff;

namespace ScanImageTiff.Benchmarks.Suites;

/// <summary>
/// Decoding compressed frames on one thread (per-core throughput): 300 frames of 512 x 512 int16 shot noise
/// (Poisson, mean 200), written compressed by this engine's writer in libtiff's layout (8 KiB strips). The
/// baseline is LibTiff.NET's ReadEncodedStrip loop (a port of libtiff, in the same run); native libtiff's
/// TIFFReadEncodedStrip is timed by bench/compressed.sh, which also runs <see cref="DecodeRate"/> on tiffcp's files.
/// </summary>
[MemoryDiagnoser]
public class CompressedDecode
{
    private const int Frames = 300;
    private const int Side = 512;
    private string _path = string.Empty;
    private byte[] _frame = [];

    /// <summary>The codec (LibTiff.NET has no Zstandard codec: zstd is timed against native libtiff by bench/compressed.sh only).</summary>
    [Params(TiffCompressionMethod.Deflate, TiffCompressionMethod.Lzw)]
    public TiffCompressionMethod Codec { get; set; }

    /// <summary>Writes the input once per codec (under $SITIFF_BENCH_DATA or /tmp/sitiff-bench).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var dir = Environment.GetEnvironmentVariable("SITIFF_BENCH_DATA") ?? Path.Combine(Path.GetTempPath(), "sitiff-bench");
        Directory.CreateDirectory(dir);
        _path = Path.Combine(dir, $"shot-noise-{Codec}.tif");
        _frame = new byte[Side * Side * 2];
        if (!File.Exists(_path))
        {
            var random = new Random(13);
            var samples = new short[Side * Side];
            using var writer = TiffStackWriter.Create(_path, new TiffWriterOptions { BigTiff = false, Compression = Codec, RowsPerStrip = 8 });
            for (var f = 0; f < Frames; f++)
            {
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = (short)Poisson(random, 200);
                }

                writer.AppendFrame<short>(samples, Side, Side);
            }
        }
    }

    /// <summary>LibTiff.NET: every strip of every directory with ReadEncodedStrip.</summary>
    [Benchmark(Baseline = true)]
    public long LibTiffNetStrips()
    {
        using var tiff = LibTiff.Open(_path, "r");
        long sum = 0;
        do
        {
            var strips = tiff.NumberOfStrips();
            for (var s = 0; s < strips; s++)
            {
                var n = tiff.ReadEncodedStrip(s, _frame, 0, -1);
                if (n <= 0)
                {
                    throw new InvalidOperationException($"LibTiff.NET could not decode strip {s} of {_path}");
                }

                sum += _frame[n / 2];
            }
        }
        while (tiff.ReadDirectory());
        return sum;
    }

    /// <summary>This engine: ReadFrame of every frame, one thread.</summary>
    [Benchmark]
    public long EngineFrames()
    {
        using var reader = ScanImageTiffReader.Open(_path);
        long sum = 0;
        for (var f = 0; f < reader.FrameCount; f++)
        {
            reader.ReadFramesLittleEndian(f, f + 1, _frame);
            sum += _frame[_frame.Length / 2];
        }

        return sum;
    }

    /// <summary>
    /// This engine on every core: the whole stack written in order to a sink (what <c>sitiff data --checksum</c> does),
    /// with workers decoding ahead of the writer. Its ratio to <see cref="EngineFrames"/> is the parallel speedup.
    /// </summary>
    [Benchmark]
    public long EngineWriteToAllCores()
    {
        using var acquisition = ScanImageAcquisition.Open(_path, options: new ReaderOptions { Backend = ReadBackend.RandomAccess });
        var sink = new SummingStream();
        acquisition.Select().WriteTo(sink);
        return sink.Sum;
    }

    private static int Poisson(Random random, double mean)
    {
        // Knuth's method is slow for mean 200: a normal approximation is exact enough for noise.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return (int)Math.Round(mean + (Math.Sqrt(mean) * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2)));
    }
}

/// <summary>`--decode-rate FILE`: one-thread ReadFrame loop over a file, printing decoded MB/s like bench/compressed.sh's C loop.</summary>
internal static class DecodeRate
{
    public static int Run(string path)
    {
        using var reader = ScanImageTiffReader.Open(path);
        var info = reader.GetFrameInfo(0);
        var frame = new byte[info.ByteCount];

        // Two passes: the first includes JIT and first-touch costs a C program does not have; the second is the
        // steady state (both printed; bench/compressed.sh compares the second with the C loop's).
        for (var pass = 0; pass < 2; pass++)
        {
            long sum = 0;
            long bytes = 0;
            var clock = Stopwatch.StartNew();
            for (var f = 0; f < reader.FrameCount; f++)
            {
                reader.ReadFramesLittleEndian(f, f + 1, frame);
                for (var i = 0; i < frame.Length; i += 64)
                {
                    sum += frame[i];
                }

                bytes += frame.Length;
            }

            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"{bytes} bytes {bytes / seconds / 1e6:F1} MB/s sum {sum} ({(pass == 0 ? "first pass" : "steady state")})");
        }

        // The whole file as one interval read (the parallel path `sitiff data` takes), with what it allocates.
        var all = GC.AllocateUninitializedArray<byte>(checked((int)reader.GetByteCount(0, reader.FrameCount)));
        for (var pass = 0; pass < 2; pass++)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var gcs = GC.CollectionCount(0);
            var clock = Stopwatch.StartNew();
            reader.ReadFramesLittleEndian(0, reader.FrameCount, all);
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"{all.Length} bytes {all.Length / seconds / 1e6:F1} MB/s all cores, {GC.GetTotalAllocatedBytes(precise: true) - allocated} B allocated, {GC.CollectionCount(0) - gcs} gen0 GCs (interval read)");
        }

        // The ordered all-core write (`sitiff data --checksum`), for 30 and for all frames: what it allocates per call.
        using var acquisition = ScanImageAcquisition.Open(path, options: new ReaderOptions { Backend = ReadBackend.RandomAccess });
        foreach (var frames in new[] { 30, reader.FrameCount, 30, reader.FrameCount })
        {
            var selection = acquisition.Select(new AcquisitionSelection { Start = 0, End = frames });
            var sink = new SummingStream();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            selection.WriteTo(sink);
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"{selection.GetByteCount()} bytes {selection.GetByteCount() / seconds / 1e6:F1} MB/s all cores, {GC.GetTotalAllocatedBytes(precise: true) - allocated} B allocated ({frames} frames, ordered write)");
        }

        return 0;
    }
}
