namespace ScanImageTiff.Tests.Compression;

/// <summary>Packs hand-chosen LZW codes into bytes, independently of the engine: MSB first (TIFF 6.0) or LSB first (old libtiff).</summary>
internal static class LzwCodes
{
    /// <summary>Codes with explicit widths, MSB first.</summary>
    public static byte[] Msb(params (int Code, int Bits)[] codes)
    {
        var bytes = new List<byte>();
        ulong buffer = 0;
        var count = 0;
        foreach (var (code, bits) in codes)
        {
            buffer = (buffer << bits) | (uint)code;
            count += bits;
            while (count >= 8)
            {
                count -= 8;
                bytes.Add((byte)(buffer >> count));
            }
        }

        if (count > 0)
        {
            bytes.Add((byte)(buffer << (8 - count)));
        }

        return [.. bytes];
    }

    /// <summary>9-bit codes, MSB first.</summary>
    public static byte[] Msb9(params int[] codes) => Msb([.. codes.Select(c => (c, 9))]);

    /// <summary>9-bit codes, LSB first (the old-style, pre-5.0 libtiff layout).</summary>
    public static byte[] Lsb9(params int[] codes) => Lsb([.. codes.Select(c => (c, 9))]);

    /// <summary>Codes with explicit widths, LSB first.</summary>
    public static byte[] Lsb(params (int Code, int Bits)[] codes)
    {
        var bytes = new List<byte>();
        ulong buffer = 0;
        var count = 0;
        foreach (var (code, bits) in codes)
        {
            buffer |= (ulong)code << count;
            count += bits;
            while (count >= 8)
            {
                bytes.Add((byte)buffer);
                buffer >>= 8;
                count -= 8;
            }
        }

        if (count > 0)
        {
            bytes.Add((byte)buffer);
        }

        return [.. bytes];
    }
}
