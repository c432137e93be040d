namespace ScanImageTiff.Tiff;

/// <summary>
/// Classic TIFF or BigTIFF in one byte order: the sizes of an IFD's fields and how its integers read.
/// A readonly struct so every branch is on a field the JIT sees, never a virtual call.
/// </summary>
internal readonly struct IfdEncoding
{
    public IfdEncoding(TiffHeader header)
    {
        Endian = new EndianReader(header.ByteOrder == TiffByteOrder.BigEndian);
        Big = header.IsBigTiff;
        CountSize = Big ? 8 : 2;
        EntrySize = Big ? 20 : 12;
        OffsetSize = Big ? 8 : 4;
    }

    public EndianReader Endian { get; }

    /// <summary>True for BigTIFF.</summary>
    public bool Big { get; }

    /// <summary>Bytes of an IFD's entry count.</summary>
    public int CountSize { get; }

    /// <summary>Bytes of one IFD entry.</summary>
    public int EntrySize { get; }

    /// <summary>Bytes of an offset (and of an entry's value field).</summary>
    public int OffsetSize { get; }

    /// <summary>Where an entry's value field starts, after tag, type and count.</summary>
    public int ValueAt => Big ? 12 : 8;

    /// <summary>An offset (a next-IFD pointer or an entry's out-of-line value pointer).</summary>
    public ulong Offset(ReadOnlySpan<byte> b) => Big ? Endian.U64(b) : Endian.U32(b);

    /// <summary>An IFD's entry count.</summary>
    public ulong EntryCount(ReadOnlySpan<byte> b) => Big ? Endian.U64(b) : Endian.U16(b);

    /// <summary>An entry's value count.</summary>
    public ulong ValueCount(ReadOnlySpan<byte> entry) => Big ? Endian.U64(entry[4..]) : Endian.U32(entry[4..]);

    /// <summary>One value of integer field type <paramref name="type"/> (checked by the caller).</summary>
    public long Integer(ReadOnlySpan<byte> b, ushort type) => type switch
    {
        TiffFieldType.Byte or TiffFieldType.Undefined => b[0],
        TiffFieldType.Short => Endian.U16(b),
        TiffFieldType.SShort => (short)Endian.U16(b),
        TiffFieldType.Long or TiffFieldType.Ifd => Endian.U32(b),
        TiffFieldType.SLong => (int)Endian.U32(b),
        _ => (long)Math.Min(Endian.U64(b), long.MaxValue),
    };

    public static bool IsInteger(ushort type) =>
        type is TiffFieldType.Byte or TiffFieldType.Short or TiffFieldType.Long or TiffFieldType.Long8
            or TiffFieldType.Ifd or TiffFieldType.Ifd8 or TiffFieldType.Undefined or TiffFieldType.SShort or TiffFieldType.SLong;
}
