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
