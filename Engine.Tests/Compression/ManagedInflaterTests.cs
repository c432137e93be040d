using System.IO.Compression;
using ScanImageTiff.Tiff.Compression;

namespace ScanImageTiff.Tests.Compression;

/// <summary>
/// <see cref="ManagedInflater"/> against the runtime's zlib (ZLibStream): every stream zlib writes decodes to the
/// bytes that were compressed, at every level, size and data shape.
/// </summary>
public sealed class ManagedInflaterTests
{
    public static TheoryData<CompressionLevel, int, int> Streams()
    {
        var data = new TheoryData<CompressionLevel, int, int>();
        foreach (var level in new[] { CompressionLevel.NoCompression, CompressionLevel.Fastest, CompressionLevel.Optimal, CompressionLevel.SmallestSize })
        {
            foreach (var size in new[] { 1, 2, 3, 7, 100, 257, 1000, 8192, 32768, 65535, 65536, 100_000, 300_000 })
            {
                for (var shape = 0; shape < 4; shape++)
                {
                    data.Add(level, size, shape);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void DecodesWhatZlibWrites(CompressionLevel level, int size, int shape)
    {
        var original = Shaped(size, shape, seed: size ^ (int)level);
        var compressed = Compress(original, level);
        var decoded = new byte[size];
        new ManagedInflater().Decode(compressed, decoded);
        Assert.True(original.AsSpan().SequenceEqual(decoded));
    }

    private const string StrategyScript = """
        import sys, os, zlib, random
        out, strategy = sys.argv[1], int(sys.argv[2])
        rng = random.Random(1950 + strategy)
        n = 0
        for size in (0, 1, 2, 3, 100, 8192, 65543, 300000):
            for shape in range(3):
                if shape == 0:
                    plain = rng.randbytes(size)
                elif shape == 1:
                    plain = b''.join(int(rng.gauss(200, 14)).to_bytes(2, 'little') for _ in range((size + 1) // 2))[:size]
                else:
                    plain = bytes(rng.choice(b'\x00\x00\x00\x01\x7f') for _ in range(size))
                for level in (0, 1, 6, 9):
                    for wbits in (15, 9):
                        c = zlib.compressobj(level, zlib.DEFLATED, wbits, 9 if level == 9 else 8, strategy)
                        open(os.path.join(out, f'{n}.plain'), 'wb').write(plain)
                        open(os.path.join(out, f'{n}.z'), 'wb').write(c.compress(plain) + c.flush())
                        n += 1
        """;

    /// <summary>zlib's strategies (default, filtered, Huffman only, RLE, fixed) at levels 0, 1, 6, 9, windows 32 KiB and 512 B, sizes 0 to 300 000.</summary>
    [TifffileTheory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Decodes_what_zlib_writes_with_every_strategy(int strategy)
    {
        var dir = Directory.CreateTempSubdirectory("sitiff-inflate-");
        try
        {
            ExternalTools.RunPython(StrategyScript, dir.FullName, strategy.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var inflater = new ManagedInflater();
            var streams = Directory.GetFiles(dir.FullName, "*.z");
            Assert.Equal(8 * 3 * 4 * 2, streams.Length);
            foreach (var path in streams)
            {
                var plain = File.ReadAllBytes(Path.ChangeExtension(path, ".plain"));
                var decoded = new byte[plain.Length];
                inflater.Decode(File.ReadAllBytes(path), decoded);
                Assert.True(plain.AsSpan().SequenceEqual(decoded), path);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Adler32_matches_the_definition_at_every_length_around_its_vector_and_modulo_steps()
    {
        var data = new byte[20_000];
        new Random(32).NextBytes(data);
        data.AsSpan(6000, 8000).Fill(0xFF); // sums near the overflow bound NMAX guards against
        foreach (var length in new[] { 0, 1, 31, 32, 33, 63, 64, 65, 5535, 5536, 5537, 5552, 5553, 11_072, 20_000 })
        {
            Assert.Equal(DeflateBitWriter.Adler32(data.AsSpan(0, length)), Adler32.Compute(data.AsSpan(0, length)));
            Assert.Equal(DeflateBitWriter.Adler32(data.AsSpan(20_000 - length)), Adler32.Compute(data.AsSpan(20_000 - length)));
        }
    }

    internal static byte[] Compress(byte[] data, CompressionLevel level)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, level))
        {
            zlib.Write(data);
        }

        return buffer.ToArray();
    }

    /// <summary>0 random bytes, 1 int16 shot noise (literals and short matches), 2 long runs, 3 text-like repeats.</summary>
    internal static byte[] Shaped(int size, int shape, int seed)
    {
        var random = new Random(seed);
        var data = new byte[size];
        switch (shape)
        {
            case 0:
                random.NextBytes(data);
                break;
            case 1:
                for (var i = 0; i + 1 < size; i += 2)
                {
                    var v = 200 + (int)Math.Round(14 * (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * 2);
                    data[i] = (byte)v;
                    data[i + 1] = (byte)(v >> 8);
                }

                break;
            case 2:
                for (var i = 0; i < size;)
                {
                    var run = random.Next(1, 400);
                    var value = (byte)random.Next(4);
                    for (var k = 0; k < run && i < size; k++)
                    {
                        data[i++] = value;
                    }
                }

                break;
            default:
                var words = new[] { "deflate ", "strip ", "tiff ", "ScanImage ", "\n", "0123456789", "abcabcabc" };
                for (var i = 0; i < size;)
                {
                    foreach (var c in words[random.Next(words.Length)])
                    {
                        if (i < size)
                        {
                            data[i++] = (byte)c;
                        }
                    }
                }

                break;
        }

        return data;
    }
}
