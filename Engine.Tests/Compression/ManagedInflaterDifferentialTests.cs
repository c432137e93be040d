using System.IO.Compression;
using ScanImageTiff.Tiff.Compression;

namespace ScanImageTiff.Tests.Compression;

/// <summary>
/// A fixed-seed mutation run against two independent inflates, libdeflate (libtiff's own) and the runtime's zlib-ng:
/// damaged zlib streams (bits flipped, bytes replaced, cut, spliced) must be accepted by <see cref="ManagedInflater"/>
/// exactly when both accept them, with the same bytes, and refused when both refuse, with an
/// <see cref="InvalidDataException"/> and nothing else. Where the two differ, it must side with one of them: zlib-ng,
/// as the engine drives it (like libtiff), accepts a stream cut off right after its strip's bytes; libdeflate decodes
/// the unused codeword of a one-symbol code, and an empty distance code, as symbol 0, where zlib refuses.
/// </summary>
public sealed class ManagedInflaterDifferentialTests
{
    [AllDeflateBackendsFact]
    public void Damaged_streams_are_accepted_or_refused_as_libdeflate_and_zlib_do()
    {
        var random = new Random(1951);
        var seeds = new List<(byte[] Stream, int Size)>();
        foreach (var level in new[] { CompressionLevel.NoCompression, CompressionLevel.Fastest, CompressionLevel.Optimal })
        {
            foreach (var size in new[] { 40, 700, 8192 })
            {
                for (var shape = 0; shape < 4; shape++)
                {
                    seeds.Add((ManagedInflaterTests.Compress(ManagedInflaterTests.Shaped(size, shape, seed: size + shape), level), size));
                }
            }
        }

        var managed = new ManagedInflater();
        var libdeflate = new LibdeflateInflater();
        var zlib = new ZlibInflater();
        var accepted = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var (seed, size) = seeds[random.Next(seeds.Count)];
            var stream = Mutate(random, seed);
            size = random.Next(8) == 0 ? size + random.Next(-2, 3) : size;
            var expected = new byte[Math.Max(0, size)];
            var other = new byte[expected.Length];
            var actual = new byte[expected.Length];
            var libdeflateAccepts = Accepts(libdeflate, stream, expected, out _);
            var zlibAccepts = Accepts(zlib, stream, other, out _);
            var managedAccepts = Accepts(managed, stream, actual, out var error);
            Assert.True(error is null or InvalidDataException, $"input {i}: {error}");
            var what = $"input {i}: libdeflate {Verdict(libdeflateAccepts)}, zlib {Verdict(zlibAccepts)}, managed {error?.Message ?? "accepts"}: {Convert.ToHexString(stream)} into {size}";
            Assert.True(managedAccepts == libdeflateAccepts || managedAccepts == zlibAccepts, what);
            if (managedAccepts)
            {
                Assert.True(actual.AsSpan().SequenceEqual(libdeflateAccepts ? expected : other), $"input {i}: decoded differently");
                accepted++;
            }
        }

        Assert.InRange(accepted, 3000, 97_000);
    }

    private static string Verdict(bool accepts) => accepts ? "accepts" : "refuses";

    private static bool Accepts(IStripDecoder decoder, byte[] stream, byte[] output, out Exception? error)
    {
        try
        {
            decoder.Decode(stream, output);
            error = null;
            return true;
        }
        catch (Exception e)
        {
            error = e;
            return false;
        }
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = (byte[])seed.Clone();
        switch (random.Next(6))
        {
            case 0:
                return bytes;
            case 1:
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    var at = random.Next(2, bytes.Length);
                    bytes[at] ^= (byte)(1 << random.Next(8));
                }

                return bytes;
            case 2:
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return bytes;
            case 3:
                return bytes[..random.Next(bytes.Length)];
            case 4:
                var from = random.Next(2, bytes.Length);
                var to = random.Next(2, bytes.Length);
                var length = random.Next(1, Math.Min(16, bytes.Length - Math.Max(from, to)) + 1);
                Array.Copy(seed, from, bytes, to, Math.Max(0, Math.Min(length, bytes.Length - Math.Max(from, to))));
                return bytes;
            default:
                // Damage in the header and first block bits, where code lengths live.
                bytes[2 + random.Next(Math.Min(40, bytes.Length - 2))] ^= (byte)(1 << random.Next(8));
                return bytes;
        }
    }
}
