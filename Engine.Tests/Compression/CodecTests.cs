using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using ScanImageTiff.Tiff.Compression;

namespace ScanImageTiff.Tests.Compression;

/// <summary>
/// Each codec on strips built by hand (codes packed bit by bit, the TIFF 6.0 PackBits example, hand-derived
/// predictor rows) or by an independent encoder (System.IO.Compression's ZLibStream), including the corrupt
/// ones: a decoder must fill exactly its strip or throw <see cref="InvalidDataException"/>.
/// </summary>
public sealed class CodecTests
{
    private const int Clear = 256;
    private const int Eoi = 257;

    [Fact]
    public void Lzw_decodes_literals_table_codes_and_the_KwKwK_case()
    {
        // A, B, 258 = "AB", 260 = "AB" + "A" (defined by this very code: the KwKwK case).
        var strip = LzwCodes.Msb9(Clear, 'A', 'B', 258, 260, Eoi);
        var output = new byte[7];
        new LzwDecoder().Decode(strip, output);
        Assert.Equal("ABABABA", Encoding.ASCII.GetString(output));
    }

    [Fact]
    public void Lzw_reads_old_style_bit_reversed_strips()
    {
        var strip = LzwCodes.Lsb9(Clear, 'A', 'A', 258, Eoi);
        Assert.Equal(0, strip[0]);
        Assert.Equal(1, strip[1] & 1);
        var output = new byte[4];
        new LzwDecoder().Decode(strip, output);
        Assert.Equal("AAAA", Encoding.ASCII.GetString(output));
    }

    [Fact]
    public void Lzw_switches_to_10_bit_codes_one_code_early()
    {
        // After Clear, code j (from 0) makes the table hold 258 + j entries; the decoder reads 10-bit codes once
        // the next free entry is 511, i.e. from code j = 254 on. 254 literals 'a'..: then 10-bit codes.
        var codes = new List<(int, int)> { (Clear, 9) };
        var expected = new List<byte>();
        for (var j = 0; j < 254; j++)
        {
            codes.Add(((j % 200) + 1, 9));
            expected.Add((byte)((j % 200) + 1));
        }

        codes.Add(('Z', 10));
        codes.Add((Eoi, 10));
        expected.Add((byte)'Z');
        var output = new byte[expected.Count];
        new LzwDecoder().Decode(LzwCodes.Msb([.. codes]), output);
        Assert.Equal(expected, output);
    }

    [Fact]
    public void Lzw_accepts_a_strip_without_EOI_once_it_is_full()
    {
        var output = new byte[2];
        new LzwDecoder().Decode(LzwCodes.Msb9(Clear, 'A', 'B'), output);
        Assert.Equal("AB", Encoding.ASCII.GetString(output));
    }

    public static TheoryData<string, byte[], int> CorruptLzw() => new()
    {
        { "code past the table", LzwCodes.Msb9(Clear, 'A', 300, Eoi), 4 },
        { "table code right after Clear", LzwCodes.Msb9(Clear, 258, Eoi), 4 },
        { "ends before the strip is full", LzwCodes.Msb9(Clear, 'A', 'B', Eoi), 4 },
        { "truncated stream", LzwCodes.Msb9(Clear, 'A', 'B', 'C', 'D', Eoi)[..3], 4 },
        { "more output than the strip", LzwCodes.Msb9(Clear, 'A', 'B', 'C', 'D', 'E', Eoi), 4 },
        { "string longer than the rest of the strip", LzwCodes.Msb9(Clear, 'A', 'B', 'C', 258, Eoi), 4 },
        { "empty", [], 4 },
    };

    [Theory]
    [MemberData(nameof(CorruptLzw))]
    public void Lzw_corrupt_strips_are_InvalidData(string name, byte[] strip, int size)
    {
        Assert.NotNull(name);
        Assert.Throws<InvalidDataException>(() => new LzwDecoder().Decode(strip, new byte[size]));
    }

    [Fact]
    public void PackBits_decodes_the_TIFF_6_example()
    {
        // TIFF 6.0 section 9, "PackBits Compression": the packed and unpacked example data.
        byte[] packed = [0xFE, 0xAA, 0x02, 0x80, 0x00, 0x2A, 0xFD, 0xAA, 0x03, 0x80, 0x00, 0x2A, 0x22, 0xF7, 0xAA];
        byte[] unpacked =
        [
            0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A, 0xAA, 0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A, 0x22,
            0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA,
        ];
        var output = new byte[unpacked.Length];
        new PackBitsDecoder().Decode(packed, output);
        Assert.Equal(unpacked, output);
    }

    public static TheoryData<string, byte[], int> CorruptPackBits() => new()
    {
        { "literal run cut off", [0x05, 1, 2], 6 },
        { "repeat run without its byte", [0x01, 1, 2, 0xFE], 5 },
        { "ends early", [0x01, 1, 2], 5 },
        { "repeat past the strip", [0xF0, 7], 4 },
        { "bytes left after the strip", [0x01, 1, 2, 0x00, 3], 2 },
    };

    [Theory]
    [MemberData(nameof(CorruptPackBits))]
    public void PackBits_corrupt_strips_are_InvalidData(string name, byte[] strip, int size)
    {
        Assert.NotNull(name);
        Assert.Throws<InvalidDataException>(() => new PackBitsDecoder().Decode(strip, new byte[size]));
    }

    public static TheoryData<string> DeflateBackendsPresent() => [.. DeflateBackends.Present.Select(b => b.ToString())];

    [AllDeflateBackendsFact]
    public void Libdeflate_and_zlib_ng_are_present_where_the_CI_installs_them()
    {
        // .ci/run installs libdeflate0 (libtiff depends on it) and libisal2; zlib-ng ships with the runtime.
        Assert.Equal(Enum.GetValues<DeflateBackend>(), DeflateBackends.Present);
    }

    [Theory]
    [MemberData(nameof(DeflateBackendsPresent))]
    public void Deflate_decodes_what_ZLibStream_writes_and_refuses_its_damage(string name)
    {
        var backend = Enum.Parse<DeflateBackend>(name);
        var plain = Pattern(100_000);
        var packed = ZLib(plain);
        var decoder = new DeflateDecoder(backend);
        Assert.Equal(backend, decoder.Backend);
        var output = new byte[plain.Length];
        decoder.Decode(packed, output);
        Assert.Equal(plain, output);

        // The same instance is reused across strips (reset, not re-created).
        Array.Clear(output);
        decoder.Decode(packed, output);
        Assert.Equal(plain, output);

        Assert.Throws<InvalidDataException>(() => decoder.Decode(packed.AsSpan(0, packed.Length / 2), output));
        Assert.Throws<InvalidDataException>(() => decoder.Decode(packed, new byte[plain.Length + 1]));
        var garbage = (byte[])packed.Clone();
        garbage[0] = 0x12; // not a zlib header
        Assert.Throws<InvalidDataException>(() => decoder.Decode(garbage, output));
        var badChecksum = (byte[])packed.Clone();
        badChecksum[^1] ^= 0xFF;
        Assert.Throws<InvalidDataException>(() => decoder.Decode(badChecksum, output));

        // A zip bomb: 64 MiB of zeros in a few KiB must not be inflated past the strip it claims to be.
        var bomb = ZLib(new byte[64 << 20]);
        Assert.True(bomb.Length < 100_000);
        Assert.Throws<InvalidDataException>(() => decoder.Decode(bomb, new byte[4096]));

        // Bytes after the stream's end are ignored, as zlib (and so libtiff) ignores them; one byte more of output is not.
        decoder.Decode([.. packed, 0xAB, 0xCD], output);
        Assert.Equal(plain, output);
        var stored = ZLib([1, 2, 3], CompressionLevel.NoCompression);
        var three = new byte[3];
        decoder.Decode(stored, three);
        Assert.Equal([1, 2, 3], three);
        Assert.Throws<InvalidDataException>(() => decoder.Decode(stored, new byte[4]));
        Assert.Throws<InvalidDataException>(() => decoder.Decode(stored, new byte[2]));
    }

    [Theory]
    [MemberData(nameof(DeflateBackendsPresent))]
    public void Deflate_backends_agree_on_every_level_and_size(string name)
    {
        var decoder = new DeflateDecoder(Enum.Parse<DeflateBackend>(name));
        var random = new Random(8);
        foreach (var length in new[] { 1, 31, 4096, 65_537, 262_144 })
        {
            foreach (var level in new[] { CompressionLevel.NoCompression, CompressionLevel.Fastest, CompressionLevel.SmallestSize })
            {
                var plain = new byte[length];
                random.NextBytes(plain.AsSpan(0, length / 3)); // random head, pattern tail: stored, fixed and dynamic blocks
                Pattern(length - length / 3).CopyTo(plain, length / 3);
                var output = new byte[length];
                decoder.Decode(ZLib(plain, level), output);
                Assert.Equal(plain, output);
            }
        }
    }

    [Fact]
    public void Zstd_and_Lzma_refuse_garbage_short_and_oversized_streams()
    {
        var plain = Pattern(50_000);
        using var encoder = new ZstdEncoder(3);
        var packed = new byte[encoder.MaxEncodedLength(plain.Length, plain.Length)];
        packed = packed[..encoder.Encode(plain, plain.Length, packed)];
        using var zstd = new ZstdDecoder();
        Assert.Throws<InvalidDataException>(() => zstd.Decode(packed, new byte[plain.Length - 1]));
        Assert.Throws<InvalidDataException>(() => zstd.Decode(packed, new byte[plain.Length + 1]));
        Assert.Throws<InvalidDataException>(() => zstd.Decode(packed.AsSpan(0, packed.Length / 2), new byte[plain.Length]));
        Assert.Throws<InvalidDataException>(() => zstd.Decode(Pattern(1000), new byte[plain.Length]));
        Assert.Throws<InvalidDataException>(() => new LzmaDecoder().Decode(Pattern(1000), new byte[plain.Length]));
    }

    [Fact]
    public void Horizontal_predictor_undoes_differences_per_sample()
    {
        // Two rows of 3 RGB-like pixels of 16-bit samples: stored as differences from the pixel to the left.
        ushort[] stored = [10, 20, 30, 1, 2, 3, 65535, 1, 0, /* row 2 */ 5, 5, 5, 0, 0, 0, 2, 2, 2];
        ushort[] expected = [10, 20, 30, 11, 22, 33, 10, 23, 33, 5, 5, 5, 5, 5, 5, 7, 7, 7];
        var bytes = MemoryMarshal.AsBytes(stored.AsSpan()).ToArray();
        HorizontalPredictor.Decode(bytes, rows: 2, width: 3, stride: 3, bytesPerSample: 2);
        Assert.Equal(expected, MemoryMarshal.Cast<byte, ushort>(bytes).ToArray());
        HorizontalPredictor.Encode(bytes, 2, 3, 3, 2);
        Assert.Equal(stored, MemoryMarshal.Cast<byte, ushort>(bytes).ToArray());
    }

    [Fact]
    public void Floating_point_predictor_matches_technical_note_3()
    {
        // 1.0f = 3F800000, 2.0f = 40000000. Big-endian bytes grouped by significance: 3F 40 | 80 00 | 00 00 | 00 00,
        // then byte differences: 3F 01 40 80 00 00 00 00.
        byte[] stored = [0x3F, 0x01, 0x40, 0x80, 0x00, 0x00, 0x00, 0x00];
        var row = (byte[])stored.Clone();
        FloatingPointPredictor.Decode(row, 1, 2, 1, 4, new byte[8]);
        Assert.Equal([1.0f, 2.0f], MemoryMarshal.Cast<byte, float>(row).ToArray());
        FloatingPointPredictor.Encode(row, 1, 2, 1, 4, new byte[8]);
        Assert.Equal(stored, row);
    }

    public static TheoryData<string> Encoders() => new() { "lzw", "deflate", "zstd", "packbits" };

    [Theory]
    [MemberData(nameof(Encoders))]
    public void Every_encoder_round_trips_through_its_decoder(string codec)
    {
        (IStripEncoder encoder, IStripDecoder decoder) = codec switch
        {
            "lzw" => ((IStripEncoder)new LzwEncoder(), (IStripDecoder)new LzwDecoder()),
            "deflate" => (new DeflateEncoder(6), new DeflateDecoder()),
            "zstd" => (new ZstdEncoder(3), new ZstdDecoder()),
            _ => (new PackBitsEncoder(), new PackBitsDecoder()),
        };
        var random = new Random(13);
        foreach (var length in new[] { 1, 2, 3, 127, 128, 129, 1000, 70_000, 300_000 })
        {
            foreach (var kind in new[] { 0, 1, 2 })
            {
                var plain = new byte[length];
                if (kind == 0) random.NextBytes(plain);
                else if (kind == 1) plain = Pattern(length);
                // kind 2: all zeros (long runs, LZW table resets)
                var rowBytes = Math.Max(1, Math.Min(length, 512));
                var packed = new byte[encoder.MaxEncodedLength(length, rowBytes)];
                var n = encoder.Encode(plain, rowBytes, packed);
                var output = new byte[length];
                decoder.Decode(packed.AsSpan(0, n), output);
                Assert.True(plain.AsSpan().SequenceEqual(output), $"{codec}: {length} bytes of kind {kind}");
            }
        }
    }

    /// <summary>Compressible, not trivially so: slow ramps with noise.</summary>
    private static byte[] Pattern(int length)
    {
        var random = new Random(length);
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i / 7) + random.Next(3));
        }

        return bytes;
    }

    /// <summary>A zlib stream as the BCL writes it (not the decoders under test).</summary>
    internal static byte[] ZLib(byte[] plain, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, level, leaveOpen: true))
        {
            z.Write(plain);
        }

        return output.ToArray();
    }
}
