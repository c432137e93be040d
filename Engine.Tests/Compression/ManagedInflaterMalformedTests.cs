using ScanImageTiff.Tiff.Compression;

namespace ScanImageTiff.Tests.Compression;

/// <summary>
/// Hand-built streams (<see cref="DeflateBitWriter"/>) that <see cref="ManagedInflater"/> must decode or refuse with
/// the right <see cref="InvalidDataException"/>: corrupt, ends short ("ends after"), or holds more than its strip;
/// zlib's rules for incomplete and oversubscribed codes.
/// </summary>
public sealed class ManagedInflaterMalformedTests
{
    private const string Corrupt = "corrupt";
    private const string EndsShort = "ends after";
    private const string HoldsMore = "holds more";

    // A four-symbol litlen code (a, b, end of block, length 3; all length 2) and two one-bit distance codes.
    private static readonly byte[] s_abLens = AbLens(97, 98, 256, 257);

    public static TheoryData<string> Cases() => [.. s_cases.Keys];

    private static readonly Dictionary<string, (byte[] Stream, int Size, string? Error)> s_cases = new()
    {
        ["valid dynamic block"] = (Ab(w => w, "ababa"), 5, null),
        ["destination one byte short"] = (Ab(w => w, "ababa"), 4, HoldsMore),
        ["destination one byte long"] = (Ab(w => w, "ababa"), 6, EndsShort),
        ["wrong Adler-32"] = (WithAdler(Ab(w => w, "ababa"), 0x12345678), 5, "Adler-32 mismatch"),
        ["distance before the start"] = (Dynamic(s_abLens, [1, 1], (w, c) => w.Code(c.LitLen[97]).Length(c.LitLen, 3).Distance(c.Distance, 2).Code(c.LitLen[256]), "aaaa"), 4, "invalid code or distance"),
        ["oversubscribed litlen code"] = (Dynamic(AbLens(97, 98, 99, 256, 257), [1, 1], (w, c) => w, ""), 0, "bad literal/length or distance code lengths"),
        ["incomplete litlen code"] = (Dynamic(AbLens(97, 256, 257), [1, 1], (w, c) => w, ""), 0, "bad literal/length or distance code lengths"),
        ["incomplete distance code of two lengths"] = (Dynamic(s_abLens, [1, 2], (w, c) => w, ""), 0, "bad literal/length or distance code lengths"),
        ["oversubscribed distance code"] = (Dynamic(s_abLens, [1, 1, 1], (w, c) => w, ""), 0, "bad literal/length or distance code lengths"),
        ["single one-bit distance code"] = (Dynamic(s_abLens, [1], (w, c) => w.Code(c.LitLen[97]).Length(c.LitLen, 3).Distance(c.Distance, 1).Code(c.LitLen[256]), "aaaa"), 4, null),
        ["unused codeword of a single distance code"] = (Dynamic(s_abLens, [1], (w, c) => w.Code(c.LitLen[97]).Length(c.LitLen, 3).Code((1, 1)).Code(c.LitLen[256]), "aaaa"), 4, "invalid code or distance"),
        ["no distance code, none used"] = (Dynamic(s_abLens, [0], (w, c) => w.Code(c.LitLen[97]).Code(c.LitLen[98]).Code(c.LitLen[256]), "ab"), 2, null),
        ["no distance code, one used"] = (Dynamic(s_abLens, [0], (w, c) => w.Code(c.LitLen[97]).Length(c.LitLen, 3).Code((0, 1)).Code(c.LitLen[256]), "aaaa"), 4, "invalid code or distance"),
        ["only an end-of-block code"] = (Dynamic(AbLens(256), [0], (w, c) => w.Code(c.LitLen[256]), ""), 0, null),
        ["no end-of-block code"] = (Dynamic(AbLens(97, 98, 99, 257), [1, 1], (w, c) => w, ""), 0, "no end-of-block code"),
        ["HLIT 287"] = (Header(w => w.Bits(1, 1).Bits(2, 2).Bits(30, 5).Bits(0, 5).Bits(15, 4)), 0, "too many length or distance codes"),
        ["HDIST 31"] = (Header(w => w.Bits(1, 1).Bits(2, 2).Bits(1, 5).Bits(30, 5).Bits(15, 4)), 0, "too many length or distance codes"),
        ["repeat code 16 first"] = (Header(RepeatFirst), 0, "repeat with no previous length"),
        ["zero run past the last code length"] = (Header(ZerosPastEnd), 0, "past the last code"),
        ["incomplete precode"] = (Header(w => w.Bits(1, 1).Bits(2, 2).Bits(1, 5).Bits(1, 5).Bits(0, 4).Bits(1, 3).Bits(0, 9)), 0, "bad code lengths code"),
        // The zero padding after "ab" decodes as another "a" (code 00): more than the strip, or cut off past it.
        ["cut off before end of block"] = (DeflateBitWriter.Zlib(AbDeflate(w => w, "ab", endOfBlock: false), [97, 98])[..^4], 2, HoldsMore),
        ["cut off before end of block, room left"] = (DeflateBitWriter.Zlib(AbDeflate(w => w, "ab", endOfBlock: false), [97, 98])[..^4], 64, "cut off"),
        ["stored block with a wrong NLEN"] = (DeflateBitWriter.Zlib(new DeflateBitWriter().Stored(true, [1, 2, 3], nlen: 0x1234).ToArray(), [1, 2, 3]), 3, "stored block length check"),
        ["stored block longer than the input"] = ([0x78, 0x01, 0x01, 100, 0, 155, 255, 1, 2, 3], 100, "cut off"),
        ["block type 3"] = (DeflateBitWriter.Zlib(new DeflateBitWriter().Bits(1, 1).Bits(3, 2).Bits(0, 13).ToArray(), []), 0, "block type 3"),
        ["fixed distance code 30"] = (Fixed((w, c) => w.Code(c.LitLen[97]).Code(c.LitLen[257]).Code(c.Distance[30]).Code(c.LitLen[256]), "aaaa"), 4, "invalid code or distance"),
        ["fixed litlen code 286"] = (Fixed((w, c) => w.Code(c.LitLen[286]).Code(c.LitLen[256]), ""), 0, "invalid code or distance"),
        ["fixed litlen code 287"] = (Fixed((w, c) => w.Code(c.LitLen[287]).Code(c.LitLen[256]), ""), 0, "invalid code or distance"),
        ["header: method 7"] = ([0x77, 0x09, 0x03, 0x00, 0, 0, 0, 1], 0, "not a zlib header"),
        ["header: window 64 KiB"] = ([0x88, 0x1C, 0x03, 0x00, 0, 0, 0, 1], 0, "not a zlib header"),
        ["header: preset dictionary"] = ([0x78, 0xBB, 0, 0, 0, 1, 0x03, 0x00, 0, 0, 0, 1], 0, "not a zlib header"),
        ["header: check bits"] = ([0x78, 0x02, 0x03, 0x00, 0, 0, 0, 1], 0, "not a zlib header"),
        ["empty input"] = ([], 0, "not a zlib header"),
        ["header only"] = ([0x78, 0x01], 0, "cut off"),
        ["empty stream (zlib's compress of nothing)"] = ([0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01], 0, null),
        ["empty stream, one byte expected"] = ([0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01], 1, EndsShort),
        ["empty stored blocks, then one"] = (DeflateBitWriter.Zlib(new DeflateBitWriter().Stored(false, []).Stored(false, []).Stored(true, [7]).ToArray(), [7]), 1, null),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hand_built_stream_decodes_or_is_refused_as_it_should(string name)
    {
        var (stream, size, error) = s_cases[name];
        var output = new byte[size];
        if (error is null)
        {
            new ManagedInflater().Decode(stream, output);
            Assert.Equal(Expected(name), output);
            return;
        }

        var e = Assert.Throws<InvalidDataException>(() => new ManagedInflater().Decode(stream, output));
        Assert.Contains(error, e.Message, StringComparison.Ordinal);

        // Every refusal is one of IStripDecoder's three: corrupt, ends short, holds more.
        Assert.Matches("corrupt|ends after|holds more", e.Message);
    }

    [Fact]
    public void Every_prefix_of_a_stream_is_refused_as_corrupt()
    {
        var plain = "ScanImage TIFF strips, ScanImage TIFF strips, deflated"u8.ToArray();
        foreach (var stream in new[] { ManagedInflaterTests.Compress(plain, System.IO.Compression.CompressionLevel.Optimal), Ab(w => w, "ababa") })
        {
            var size = stream.Length == Ab(w => w, "ababa").Length ? 5 : plain.Length;
            for (var cut = 0; cut < stream.Length; cut++)
            {
                var e = Assert.Throws<InvalidDataException>(() => new ManagedInflater().Decode(stream.AsSpan(0, cut), new byte[size]));
                Assert.Contains(Corrupt, e.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Longest_match_at_the_farthest_distance_and_every_block_type_in_one_stream()
    {
        // 32 KiB stored (two blocks), a fixed block with length 258 at distance 32768, a dynamic block, a stored one.
        var head = new byte[32768];
        new Random(5).NextBytes(head);
        var fixedCodes = DeflateBitWriter.FixedCodes();
        var w = new DeflateBitWriter().Stored(false, head[..20000]).Stored(false, head[20000..]);
        w.Bits(0, 1).Bits(1, 2).Length(fixedCodes.LitLen, 258).Distance(fixedCodes.Distance, 32768)
            .Code(fixedCodes.LitLen[0x5A]).Length(fixedCodes.LitLen, 10).Distance(fixedCodes.Distance, 1).Code(fixedCodes.LitLen[256]);
        var codes = w.DynamicHeader(false, s_abLens, [1, 1]);
        w.Code(codes.LitLen[97]).Code(codes.LitLen[98]).Length(codes.LitLen, 3).Distance(codes.Distance, 2).Code(codes.LitLen[256]);
        w.Stored(true, [1, 2, 3]);
        byte[] plain = [.. head, .. head[..258], .. Enumerable.Repeat((byte)0x5A, 11), .. "ababa"u8, 1, 2, 3];
        var output = new byte[plain.Length];
        new ManagedInflater().Decode(DeflateBitWriter.Zlib(w.ToArray(), plain), output);
        Assert.Equal(plain, output);
    }

    [Fact]
    public void Distance_one_past_the_output_is_refused_in_the_fast_loop_too()
    {
        // 400 literals keep the decoder in its fast loop when the bad distance comes.
        var fixedCodes = DeflateBitWriter.FixedCodes();
        var w = new DeflateBitWriter().Bits(1, 1).Bits(1, 2);
        for (var i = 0; i < 400; i++)
        {
            w.Code(fixedCodes.LitLen[i & 0x7F]);
        }

        w.Length(fixedCodes.LitLen, 3).Distance(fixedCodes.Distance, 401).Code(fixedCodes.LitLen[256]);
        var stream = DeflateBitWriter.Zlib(w.Bits(0, 64).ToArray(), 0);
        var e = Assert.Throws<InvalidDataException>(() => new ManagedInflater().Decode(stream, new byte[1000]));
        Assert.Contains(Corrupt, e.Message, StringComparison.Ordinal);
    }

    private static byte[] Expected(string name) => name switch
    {
        "valid dynamic block" => "ababa"u8.ToArray(),
        "single one-bit distance code" => "aaaa"u8.ToArray(),
        "no distance code, none used" => "ab"u8.ToArray(),
        "empty stored blocks, then one" => [7],
        _ => [],
    };

    private static byte[] AbLens(params int[] symbols)
    {
        var lens = new byte[symbols.Max() < 257 ? 257 : symbols.Max() + 1];
        var len = symbols.Length switch { 1 => 1, 2 => 1, 3 or 4 => 2, _ => 2 };
        foreach (var s in symbols)
        {
            lens[s] = (byte)len;
        }

        return lens;
    }

    private static byte[] Ab(Func<DeflateBitWriter, DeflateBitWriter> before, string plain) =>
        DeflateBitWriter.Zlib(AbDeflate(before, plain, endOfBlock: true), System.Text.Encoding.ASCII.GetBytes(plain));

    /// <summary>"ab" then a length-3 match at distance 2 when <paramref name="plain"/> is "ababa".</summary>
    private static byte[] AbDeflate(Func<DeflateBitWriter, DeflateBitWriter> before, string plain, bool endOfBlock)
    {
        var w = before(new DeflateBitWriter());
        var (litLen, distance) = w.DynamicHeader(true, s_abLens, [1, 1]);
        w.Code(litLen[97]).Code(litLen[98]);
        if (plain == "ababa")
        {
            w.Length(litLen, 3).Distance(distance, 2);
        }

        return (endOfBlock ? w.Code(litLen[256]) : w).ToArray();
    }

    private static byte[] Dynamic(byte[] litLenLens, byte[] distanceLens, Func<DeflateBitWriter, ((int, int)[] LitLen, (int, int)[] Distance), DeflateBitWriter> body, string plain)
    {
        var w = new DeflateBitWriter();
        var codes = w.DynamicHeader(true, litLenLens, distanceLens);
        return DeflateBitWriter.Zlib(body(w, codes).ToArray(), System.Text.Encoding.ASCII.GetBytes(plain));
    }

    private static byte[] Fixed(Func<DeflateBitWriter, ((int, int)[] LitLen, (int, int)[] Distance), DeflateBitWriter> body, string plain)
    {
        var w = new DeflateBitWriter().Bits(1, 1).Bits(1, 2);
        return DeflateBitWriter.Zlib(body(w, DeflateBitWriter.FixedCodes()).ToArray(), System.Text.Encoding.ASCII.GetBytes(plain));
    }

    private static byte[] Header(Func<DeflateBitWriter, DeflateBitWriter> header) =>
        DeflateBitWriter.Zlib(header(new DeflateBitWriter()).Bits(0, 32).ToArray(), 1);

    private static byte[] WithAdler(byte[] stream, uint adler) =>
        [.. stream[..^4], (byte)(adler >> 24), (byte)(adler >> 16), (byte)(adler >> 8), (byte)adler];

    private static DeflateBitWriter RepeatFirst(DeflateBitWriter w)
    {
        var precode = DeflateBitWriter.PrecodeCodes();
        w.Bits(1, 1).Bits(2, 2).Bits(1, 5).Bits(1, 5).Bits(15, 4);
        foreach (var symbol in DeflateBitWriter.PrecodeOrder)
        {
            w.Bits(precode[symbol].Item2, 3);
        }

        return w.Code(precode[16]).Bits(0, 2);
    }

    private static DeflateBitWriter ZerosPastEnd(DeflateBitWriter w)
    {
        // 258 + 2 code lengths, but two runs of 138 zeros.
        var precode = DeflateBitWriter.PrecodeCodes();
        w.Bits(1, 1).Bits(2, 2).Bits(1, 5).Bits(1, 5).Bits(15, 4);
        foreach (var symbol in DeflateBitWriter.PrecodeOrder)
        {
            w.Bits(precode[symbol].Item2, 3);
        }

        return w.Code(precode[18]).Bits(127, 7).Code(precode[18]).Bits(127, 7);
    }
}
