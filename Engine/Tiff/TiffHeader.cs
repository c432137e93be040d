using System.Buffers.Binary;

namespace ScanImageTiff.Tiff;

/// <summary>The 8-byte classic or 16-byte BigTIFF file header.</summary>
internal readonly record struct TiffHeader(TiffByteOrder ByteOrder, bool IsBigTiff, long FirstIfdOffset)
{
    /// <summary>Bytes needed to decide: 16 covers both forms.</summary>
    public const int MaxSize = 16;

    public int Size => IsBigTiff ? 16 : 8;

    /// <summary>Where the pointer to the first IFD is stored: after the magic (and, in BigTIFF, the offset size and reserved word).</summary>
    public int FirstIfdPointerOffset => IsBigTiff ? 8 : 4;

    /// <summary>Parses the header, or throws <see cref="TiffFormatException"/> naming the offset of the bad field.</summary>
    /// <param name="bytes">The first bytes of the file (up to 16).</param>
    public static TiffHeader Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8)
        {
            throw new TiffFormatException($"file is too short for a TIFF header ({bytes.Length} bytes)", 0);
        }

        TiffByteOrder order;
        if (bytes[0] == (byte)'I' && bytes[1] == (byte)'I')
        {
            order = TiffByteOrder.LittleEndian;
        }
        else if (bytes[0] == (byte)'M' && bytes[1] == (byte)'M')
        {
            order = TiffByteOrder.BigEndian;
        }
        else
        {
            throw new TiffFormatException($"not a TIFF file: byte-order mark 0x{bytes[0]:X2}{bytes[1]:X2} is neither II nor MM", 0);
        }

        var reader = new EndianReader(order == TiffByteOrder.BigEndian);
        var version = reader.U16(bytes[2..]);
        if (version == 42)
        {
            return new TiffHeader(order, false, reader.U32(bytes[4..]));
        }

        if (version != 43)
        {
            throw new TiffFormatException($"not a TIFF file: version {version} is neither 42 (TIFF) nor 43 (BigTIFF)", 2);
        }

        if (bytes.Length < 16)
        {
            throw new TiffFormatException($"file is too short for a BigTIFF header ({bytes.Length} bytes)", 0);
        }

        var offsetSize = reader.U16(bytes[4..]);
        if (offsetSize != 8)
        {
            throw new TiffFormatException($"BigTIFF offset size is {offsetSize}, expected 8", 4);
        }

        var reserved = reader.U16(bytes[6..]);
        if (reserved != 0)
        {
            throw new TiffFormatException($"BigTIFF reserved header word is {reserved}, expected 0", 6);
        }

        var first = reader.U64(bytes[8..]);
        if (first > long.MaxValue)
        {
            throw new TiffFormatException($"first IFD offset {first} is out of range", 8);
        }

        return new TiffHeader(order, true, (long)first);
    }
}
