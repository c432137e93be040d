using System.Buffers.Binary;

namespace ScanImageTiff.Fuzz;

/// <summary>
/// Where the structure of a (seed) TIFF sits: the IFD entries, the next-IFD pointers, and the ASCII regions
/// (descriptions, ScanImage header text). Found with a small bounded walk of its own, independent of the
/// reader under test, so structural mutations can aim at real fields.
/// </summary>
public sealed class TiffMap
{
    private TiffMap(bool big, bool littleEndian)
    {
        IsBigTiff = big;
        IsLittleEndian = littleEndian;
    }

    public bool IsBigTiff { get; }

    public bool IsLittleEndian { get; }

    /// <summary>Offsets of every 12- or 20-byte IFD entry.</summary>
    public List<int> Entries { get; } = [];

    /// <summary>Offsets of the next-IFD pointers (the header's first-IFD pointer included).</summary>
    public List<int> Pointers { get; } = [];

    /// <summary>Offsets of IFD entry-count fields.</summary>
    public List<int> Counts { get; } = [];

    /// <summary>(offset, length) of text: ImageDescription values and the ScanImage block's sections.</summary>
    public List<(int Offset, int Length)> Texts { get; } = [];

    public int EntrySize => IsBigTiff ? 20 : 12;

    public int OffsetSize => IsBigTiff ? 8 : 4;

    public static TiffMap? TryBuild(ReadOnlySpan<byte> d)
    {
        if (d.Length < 16 || !(d[0] == d[1] && d[0] is (byte)'I' or (byte)'M'))
        {
            return null;
        }

        var le = d[0] == (byte)'I';
        var magic = U16(d, 2, le);
        var map = new TiffMap(magic == 43, le);
        var pointer = map.IsBigTiff ? 8 : 4;
        var visited = new HashSet<long>();
        for (var n = 0; n < 1000; n++)
        {
            map.Pointers.Add(pointer);
            var ifd = map.ReadOffset(d, pointer);
            if (ifd <= 0 || ifd >= d.Length - 8 || !visited.Add(ifd))
            {
                break;
            }

            var at = (int)ifd;
            map.Counts.Add(at);
            var count = map.IsBigTiff ? (long)U64(d, at, le) : U16(d, at, le);
            var first = at + (map.IsBigTiff ? 8 : 2);
            if (count > 4096 || first + (count * map.EntrySize) + map.OffsetSize > d.Length)
            {
                break;
            }

            for (var e = 0; e < count; e++)
            {
                var entry = first + (e * map.EntrySize);
                map.Entries.Add(entry);
                var tag = U16(d, entry, le);
                var valueCount = map.IsBigTiff ? (long)U64(d, entry + 4, le) : U32(d, entry + 4, le);
                if (tag == 270 && valueCount > map.OffsetSize)
                {
                    var offset = map.ReadOffset(d, entry + 4 + map.OffsetSize);
                    if (offset > 0 && offset + valueCount <= d.Length)
                    {
                        map.Texts.Add(((int)offset, (int)valueCount));
                    }
                }
            }

            pointer = first + (int)(count * map.EntrySize);
        }

        // ScanImage 2016+ block after the header: magic, version, two section lengths, then the sections.
        var blockStart = map.IsBigTiff ? 16 : 8;
        if (d.Length > blockStart + 16 && U32(d, blockStart, le) == 117637889)
        {
            var length0 = U32(d, blockStart + 8, le);
            var length1 = U32(d, blockStart + 12, le);
            var s0 = blockStart + 16;
            if (s0 + length0 + length1 <= d.Length)
            {
                map.Texts.Add((s0, (int)length0));
                map.Texts.Add(((int)(s0 + length0), (int)length1));
            }
        }

        return map;
    }

    public long ReadOffset(ReadOnlySpan<byte> d, int at) => IsBigTiff ? (long)U64(d, at, IsLittleEndian) : U32(d, at, IsLittleEndian);

    public void WriteOffset(Span<byte> d, int at, long value)
    {
        if (IsBigTiff)
        {
            Write64(d, at, (ulong)value);
        }
        else
        {
            Write32(d, at, (uint)value);
        }
    }

    public void Write16(Span<byte> d, int at, ushort value)
    {
        if (IsLittleEndian)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(d[at..], value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(d[at..], value);
        }
    }

    public void Write32(Span<byte> d, int at, uint value)
    {
        if (IsLittleEndian)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(d[at..], value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(d[at..], value);
        }
    }

    public void Write64(Span<byte> d, int at, ulong value)
    {
        if (IsLittleEndian)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(d[at..], value);
        }
        else
        {
            BinaryPrimitives.WriteUInt64BigEndian(d[at..], value);
        }
    }

    private static ushort U16(ReadOnlySpan<byte> d, int at, bool le) => le ? BinaryPrimitives.ReadUInt16LittleEndian(d[at..]) : BinaryPrimitives.ReadUInt16BigEndian(d[at..]);

    private static uint U32(ReadOnlySpan<byte> d, int at, bool le) => le ? BinaryPrimitives.ReadUInt32LittleEndian(d[at..]) : BinaryPrimitives.ReadUInt32BigEndian(d[at..]);

    private static ulong U64(ReadOnlySpan<byte> d, int at, bool le) => le ? BinaryPrimitives.ReadUInt64LittleEndian(d[at..]) : BinaryPrimitives.ReadUInt64BigEndian(d[at..]);
}
