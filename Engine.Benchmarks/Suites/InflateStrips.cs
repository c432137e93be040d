using BenchmarkDotNet.Attributes;
using ScanImageTiff.Tiff.Compression;
using LibTiff = BitMiracle.LibTiff.Classic.Tiff;

namespace ScanImageTiff.Benchmarks.Suites;

/// <summary>
/// Inflate alone, one thread: every raw strip of bench/compressed.sh's tiffcp-written zip.tif (300 frames of
/// 512 x 512 int16 shot noise, 8 rows per strip: 19 200 zlib streams of one dynamic block each) decoded into one
/// 8 KiB buffer by each backend, ISA-L the baseline. Skipped (nothing measured) when the file is absent.
/// </summary>
[MemoryDiagnoser]
public class InflateStrips
{
    private byte[][] _strips = [];
    private byte[] _output = [];
    private IsalInflater _isal = null!;
    private LibdeflateInflater _libdeflate = null!;
    private ManagedInflater _managed = null!;
    private ZlibInflater _zlib = null!;

    /// <summary>The file, or $SITIFF_INFLATE_FILE.</summary>
    public static string InputPath => Environment.GetEnvironmentVariable("SITIFF_INFLATE_FILE") ?? "/tmp/sitiff-compressed/zip.tif";

    /// <summary>Reads the raw strips with LibTiff.NET and checks every backend decodes them to the same bytes.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _isal = new IsalInflater();
        _libdeflate = new LibdeflateInflater();
        _managed = new ManagedInflater();
        _zlib = new ZlibInflater();
        if (!File.Exists(InputPath))
        {
            Console.WriteLine($"// InflateStrips: {InputPath} is absent (bash bench/compressed.sh writes it): nothing to measure");
            return;
        }

        var strips = new List<byte[]>();
        using (var tiff = LibTiff.Open(InputPath, "r"))
        {
            _output = new byte[tiff.StripSize()];
            do
            {
                for (var s = 0; s < tiff.NumberOfStrips(); s++)
                {
                    var raw = new byte[tiff.RawStripSize(s)];
                    tiff.ReadRawStrip(s, raw, 0, raw.Length);
                    strips.Add(raw);
                }
            }
            while (tiff.ReadDirectory());
        }

        _strips = [.. strips];
        var expected = new byte[_output.Length];
        foreach (var strip in _strips)
        {
            _isal.Decode(strip, expected);
            foreach (var decoder in new IStripDecoder[] { _libdeflate, _managed, _zlib })
            {
                Array.Clear(_output);
                decoder.Decode(strip, _output);
                if (!_output.AsSpan().SequenceEqual(expected))
                {
                    throw new InvalidOperationException($"{decoder.GetType().Name} decodes a strip differently from ISA-L");
                }
            }
        }
    }

    /// <summary>ISA-L's igzip (the engine's default before this benchmark).</summary>
    [Benchmark(Baseline = true)]
    public long Isal() => InflateAll(_isal);

    /// <summary>libdeflate, libtiff's own inflate.</summary>
    [Benchmark]
    public long Libdeflate() => InflateAll(_libdeflate);

    /// <summary>The runtime's zlib-ng (the fallback when neither library is installed).</summary>
    [Benchmark]
    public long ZlibNg() => InflateAll(_zlib);

    /// <summary>The managed decoder.</summary>
    [Benchmark]
    public long Managed() => InflateAll(_managed);

    /// <summary>`--inflate-rate`: MB/s of each backend over the strips, ten passes (tiered JIT needs the first few), one thread (for quick iteration).</summary>
    public static int Rate(string? only)
    {
        var bench = new InflateStrips();
        bench.Setup();
        for (var pass = 0; pass < 10; pass++)
        {
            foreach (var (name, run) in new (string, Func<long>)[] { ("isal", bench.Isal), ("libdeflate", bench.Libdeflate), ("zlib-ng", bench.ZlibNg), ("managed", bench.Managed) })
            {
                if (only is not null && name != only)
                {
                    continue;
                }

                var clock = System.Diagnostics.Stopwatch.StartNew();
                run();
                Console.Write($"{name} {bench._strips.Length * (double)bench._output.Length / clock.Elapsed.TotalSeconds / 1e6:F0}  ");
            }

            Console.WriteLine();
        }

        return 0;
    }

    private long InflateAll<T>(T decoder)
        where T : IStripDecoder
    {
        long sum = 0;
        foreach (var strip in _strips)
        {
            decoder.Decode(strip, _output);
            sum += _output[^1];
        }

        return sum;
    }
}
