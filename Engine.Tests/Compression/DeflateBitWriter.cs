namespace ScanImageTiff.Tests.Compression;

/// <summary>
/// A test-side Deflate writer (RFC 1951), written from the RFC and independent of the decoder under test: bits least
/// significant first, Huffman codes from code lengths by the RFC's canonical rule (3.2.2), the length and distance
/// tables of 3.2.5, and zlib framing with a reference Adler-32. It writes whatever it is told, so tests can build
/// streams zlib would never write.
/// </summary>
internal sealed class DeflateBitWriter
{
    private static readonly int[] s_lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
    private static readonly int[] s_lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
    private static readonly int[] s_distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
    private static readonly int[] s_distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

    /// <summary>The precode order of RFC 1951 3.2.7.</summary>
    public static readonly int[] PrecodeOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

    private readonly List<byte> _bytes = [];
    private ulong _pending;
    private int _pendingBits;

    /// <summary>Writes the low <paramref name="count"/> bits of <paramref name="value"/>, least significant first.</summary>
    public DeflateBitWriter Bits(int value, int count)
    {
        for (var i = 0; i < count; i++)
        {
            _pending |= (ulong)((value >> i) & 1) << _pendingBits++;
            if (_pendingBits == 8)
            {
                _bytes.Add((byte)_pending);
                _pending = 0;
                _pendingBits = 0;
            }
        }

        return this;
    }

    /// <summary>Writes a Huffman code, most significant bit first (3.1.1).</summary>
    public DeflateBitWriter Code((int Code, int Length) code)
    {
        for (var i = code.Length - 1; i >= 0; i--)
        {
            Bits((code.Code >> i) & 1, 1);
        }

        return this;
    }

    public DeflateBitWriter Align() => _pendingBits == 0 ? this : Bits(0, 8 - _pendingBits);

    public DeflateBitWriter Bytes(params byte[] bytes)
    {
        Align();
        _bytes.AddRange(bytes);
        return this;
    }

    /// <summary>A stored block header and its bytes; <paramref name="nlen"/> overrides the one's complement.</summary>
    public DeflateBitWriter Stored(bool final, byte[] data, int? nlen = null)
    {
        Bits(final ? 1 : 0, 1).Bits(0, 2).Align();
        var n = nlen ?? (~data.Length & 0xFFFF);
        return Bytes((byte)data.Length, (byte)(data.Length >> 8), (byte)n, (byte)(n >> 8)).Bytes(data);
    }

    /// <summary>A length (3-258) with its code from <paramref name="litLen"/> and its extra bits.</summary>
    public DeflateBitWriter Length((int, int)[] litLen, int length)
    {
        var i = Array.FindLastIndex(s_lengthBase, b => b <= length);
        return Code(litLen[257 + i]).Bits(length - s_lengthBase[i], s_lengthExtra[i]);
    }

    /// <summary>A distance (1-32768) with its code from <paramref name="distance"/> and its extra bits.</summary>
    public DeflateBitWriter Distance((int, int)[] distance, int value)
    {
        var i = Array.FindLastIndex(s_distanceBase, b => b <= value);
        return Code(distance[i]).Bits(value - s_distanceBase[i], s_distanceExtra[i]);
    }

    /// <summary>
    /// A dynamic block header: HLIT, HDIST, all 19 precode lengths (symbols 0-12 length 4, 13-18 length 5: a complete
    /// code), then every code length as a direct precode symbol. Returns the litlen and distance codes.
    /// </summary>
    public ((int, int)[] LitLen, (int, int)[] Distance) DynamicHeader(bool final, byte[] litLenLens, byte[] distanceLens)
    {
        var precode = PrecodeCodes();
        Bits(final ? 1 : 0, 1).Bits(2, 2).Bits(litLenLens.Length - 257, 5).Bits(distanceLens.Length - 1, 5).Bits(15, 4);
        foreach (var symbol in PrecodeOrder)
        {
            Bits(precode[symbol].Item2, 3);
        }

        foreach (var len in litLenLens.Concat(distanceLens))
        {
            Code(precode[len]);
        }

        return (CanonicalCodes(litLenLens), CanonicalCodes(distanceLens));
    }

    /// <summary>The precode of <see cref="DynamicHeader"/>: symbols 0-12 length 4, 13-18 length 5.</summary>
    public static (int, int)[] PrecodeCodes() => CanonicalCodes([.. Enumerable.Range(0, 19).Select(s => (byte)(s < 13 ? 4 : 5))]);

    /// <summary>The fixed code's lengths (3.2.6): 288 litlen, then 32 distance.</summary>
    public static ((int, int)[] LitLen, (int, int)[] Distance) FixedCodes()
    {
        var lens = new byte[288];
        for (var s = 0; s < 288; s++)
        {
            lens[s] = (byte)(s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8);
        }

        return (CanonicalCodes(lens), CanonicalCodes([.. Enumerable.Repeat((byte)5, 32)]));
    }

    /// <summary>RFC 1951 3.2.2: codes of each length are consecutive, in symbol order, after the shorter ones.</summary>
    public static (int Code, int Length)[] CanonicalCodes(byte[] lens)
    {
        var count = new int[16];
        foreach (var len in lens)
        {
            count[len]++;
        }

        count[0] = 0;
        var next = new int[16];
        var code = 0;
        for (var bits = 1; bits < 16; bits++)
        {
            code = (code + count[bits - 1]) << 1;
            next[bits] = code;
        }

        return [.. lens.Select(len => len == 0 ? (0, 0) : (next[len]++, (int)len))];
    }

    /// <summary>The bytes so far, the last partial byte zero-padded.</summary>
    public byte[] ToArray()
    {
        var bytes = new List<byte>(_bytes);
        if (_pendingBits > 0)
        {
            bytes.Add((byte)_pending);
        }

        return [.. bytes];
    }

    /// <summary>zlib framing: header 78 01 (32 KiB window, no dictionary), the deflate bytes, big-endian Adler-32.</summary>
    public static byte[] Zlib(byte[] deflate, byte[] plain) => Zlib(deflate, Adler32(plain));

    public static byte[] Zlib(byte[] deflate, uint adler) =>
        [0x78, 0x01, .. deflate, (byte)(adler >> 24), (byte)(adler >> 16), (byte)(adler >> 8), (byte)adler];

    /// <summary>RFC 1950 8.2, the plain definition.</summary>
    public static uint Adler32(ReadOnlySpan<byte> data)
    {
        uint a = 1;
        uint b = 0;
        foreach (var x in data)
        {
            a = (a + x) % 65521;
            b = (b + a) % 65521;
        }

        return (b << 16) | a;
    }
}
