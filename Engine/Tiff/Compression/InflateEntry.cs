namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// The layout of one decode-table entry of <see cref="ManagedInflater"/> (a <c>uint</c>): bits 0-7 are the bits
/// to consume (codeword plus extra bits), bits 8-11 the codeword length (where the extra bits start), bits 12-15
/// flags, bits 16-31 the value (literal byte, length or distance base, end-of-block, or subtable start).
/// Packing the extra-bit count with the base lets one lookup and one shift decode a whole length or distance.
/// </summary>
internal static class InflateEntry
{
    /// <summary>A literal: bits 16-23 the byte.</summary>
    public const uint Literal = 1u << 12;

    /// <summary>Not a symbol: bits 16-31 the subtable start, bits 8-11 its index bits, bits 0-7 the main table's bits.</summary>
    public const uint Subtable = 1u << 14;

    /// <summary>End of block (value 0) or a codeword no symbol owns (value 1, or a distance symbol 30/31).</summary>
    public const uint Exceptional = 1u << 15;

    /// <summary>The entry of a codeword that decodes to no valid symbol.</summary>
    public const uint Invalid = Exceptional | (1u << 16);

    /// <summary>The most entries the litlen table (11 main bits, codes up to 15 bits) can need (zlib's enough.c: 2342).</summary>
    public const int LitLenCapacity = 2342;

    /// <summary>The most entries the distance table (8 main bits) can need (zlib's enough.c: 402).</summary>
    public const int DistanceCapacity = 402;

    public const int LitLenMainBits = 11;
    public const int DistanceMainBits = 8;
    public const int PrecodeBits = 7;

    /// <summary>
    /// Per-symbol templates (value, flags and extra-bit count; the builder adds the codeword length): 0-255
    /// literals, 256 end of block, 257-285 lengths, 286-287 invalid (they appear only in the fixed code).
    /// </summary>
    public static readonly uint[] LitLenTemplates = BuildLitLenTemplates();

    /// <summary>Distance symbols 0-29, then 30-31 invalid.</summary>
    public static readonly uint[] DistanceTemplates = BuildDistanceTemplates();

    /// <summary>Precode symbols 0-18: the symbol in bits 16-31.</summary>
    public static readonly uint[] PrecodeTemplates = [.. Enumerable.Range(0, 19).Select(s => (uint)s << 16)];

    private static uint[] BuildLitLenTemplates()
    {
        var t = new uint[288];
        for (var s = 0; s < 256; s++)
        {
            t[s] = Literal | ((uint)s << 16);
        }

        t[256] = Exceptional;
        uint length = 3;
        for (var s = 257; s < 286; s++)
        {
            var code = s - 257;
            var extra = code is < 8 or 28 ? 0 : (code - 4) / 4;
            if (code == 28)
            {
                length = 258;
            }

            t[s] = (length << 16) | (uint)extra;
            length += 1u << extra;
        }

        t[286] = Invalid;
        t[287] = Invalid;
        return t;
    }

    private static uint[] BuildDistanceTemplates()
    {
        var t = new uint[32];
        uint distance = 1;
        for (var s = 0; s < 30; s++)
        {
            var extra = s < 4 ? 0 : (s - 2) / 2;
            t[s] = (distance << 16) | (uint)extra;
            distance += 1u << extra;
        }

        t[30] = Invalid;
        t[31] = Invalid;
        return t;
    }
}
