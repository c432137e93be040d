using ScanImageTiff.Tiff.Compression;

namespace ScanImageTiff.Tests.Compression;

/// <summary>
/// Long LZW strips from a reference encoder written here (a textbook dictionary encoder that tracks the code width
/// the way TIFF 6.0 section 13 and libtiff's decoder do), in both bit orders: long strings, runs, table resets and
/// strings that end at the last byte of the strip, where the decoder's word-at-a-time copies must stop.
/// </summary>
public sealed class LzwLongStreamTests
{
    private const int Clear = 256;
    private const int Eoi = 257;

    public static TheoryData<int, bool> Sizes()
    {
        var data = new TheoryData<int, bool>();
        foreach (var size in new[] { 1, 7, 8, 9, 15, 16, 17, 63, 4096, 100_000, 300_000 })
        {
            data.Add(size, true);
            data.Add(size, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Decodes_what_the_reference_encoder_writes(int size, bool msbFirst)
    {
        var plain = Sample(size, seed: size);
        var codes = Encode(plain, earlyChange: msbFirst ? 1 : 0);
        var strip = msbFirst ? LzwCodes.Msb(codes) : LzwCodes.Lsb(codes);
        var output = new byte[size];
        new LzwDecoder().Decode(strip, output);
        Assert.True(plain.AsSpan().SequenceEqual(output), $"{size} bytes, {(msbFirst ? "MSB" : "LSB")} first: decoded bytes differ");

        // One byte short: the strip holds more than the destination, which must be refused, not overrun.
        if (size > 1)
        {
            Assert.Throws<InvalidDataException>(() => new LzwDecoder().Decode(strip, new byte[size - 1]));
        }
    }

    /// <summary>Noise, long runs and repeated phrases, so strings grow far past 8 bytes.</summary>
    private static byte[] Sample(int size, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[size];
        var i = 0;
        while (i < size)
        {
            var n = Math.Min(size - i, random.Next(1, 600));
            switch (random.Next(3))
            {
                case 0:
                    random.NextBytes(bytes.AsSpan(i, n));
                    break;
                case 1:
                    bytes.AsSpan(i, n).Fill((byte)random.Next(4));
                    break;
                default:
                    for (var k = 0; k < n; k++)
                    {
                        bytes[i + k] = (byte)("ScanImage"[k % 9] + (k / 97));
                    }

                    break;
            }

            i += n;
        }

        return bytes;
    }

    /// <summary>
    /// Dictionary LZW with a Clear at the start and whenever the table nears 4096 entries. The width follows the
    /// decoder: after each code but the first since a Clear, the decoder adds an entry and widens once the next
    /// free entry reaches 2^bits − earlyChange.
    /// </summary>
    private static (int Code, int Bits)[] Encode(byte[] plain, int earlyChange)
    {
        var codes = new List<(int, int)>();
        var table = new Dictionary<(int Prefix, byte Next), int>();
        var bits = 9;
        var decoderNext = 258;
        var first = true;
        var encoderNext = 258;

        void Emit(int code)
        {
            codes.Add((code, bits));
            if (code == Clear)
            {
                bits = 9;
                decoderNext = 258;
                first = true;
                return;
            }

            if (!first && decoderNext < 4096)
            {
                decoderNext++;
                if (decoderNext >= (1 << bits) - earlyChange && bits < 12)
                {
                    bits++;
                }
            }

            first = false;
        }

        Emit(Clear);
        var w = (int)plain[0];
        for (var i = 1; i < plain.Length; i++)
        {
            var c = plain[i];
            if (table.TryGetValue((w, c), out var code))
            {
                w = code;
                continue;
            }

            Emit(w);
            table[(w, c)] = encoderNext++;
            w = c;
            if (encoderNext >= 4000)
            {
                Emit(Clear);
                table.Clear();
                encoderNext = 258;
            }
        }

        Emit(w);
        Emit(Eoi);
        return [.. codes];
    }
}
