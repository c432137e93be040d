using System.Buffers.Binary;

namespace ScanImageTiff.Tests.Tiff;

/// <summary>
/// A few lines of independent IFD parsing, so tests can check what the engine's writer put in a file
/// (and where) without asking the engine's reader.
/// </summary>
internal sealed class RawTiff(byte[] file)
{
    public byte[] File { get; } = file;

    public bool BigEndian => File[0] == (byte)'M';

    public bool BigTiff => U(2, 2) == 43;

    public int CountSize => BigTiff ? 8 : 2;

    public int EntrySize => BigTiff ? 20 : 12;

    public int OffsetSize => BigTiff ? 8 : 4;

    public long FirstIfd => (long)U(BigTiff ? 8 : 4, OffsetSize);

    public ulong U(long at, int size) => size switch
    {
        1 => File[at],
        2 => BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(File.AsSpan((int)at)) : BinaryPrimitives.ReadUInt16LittleEndian(File.AsSpan((int)at)),
        4 => BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(File.AsSpan((int)at)) : BinaryPrimitives.ReadUInt32LittleEndian(File.AsSpan((int)at)),
        _ => BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(File.AsSpan((int)at)) : BinaryPrimitives.ReadUInt64LittleEndian(File.AsSpan((int)at)),
    };

    /// <summary>Every IFD offset, following next pointers from the header.</summary>
    public List<long> IfdOffsets()
    {
        var result = new List<long>();
        for (var at = FirstIfd; at != 0; at = (long)U(NextAt(at), OffsetSize))
        {
            result.Add(at);
        }

        return result;
    }

    public long EntryCount(long ifd) => (long)U(ifd, CountSize);

    /// <summary>Offset of the IFD's next pointer.</summary>
    public long NextAt(long ifd) => ifd + CountSize + (EntryCount(ifd) * EntrySize);

    /// <summary>Size of the IFD itself: count, entries, next pointer.</summary>
    public long IfdSize(long ifd) => CountSize + (EntryCount(ifd) * EntrySize) + OffsetSize;

    public List<Entry> Entries(long ifd)
    {
        var list = new List<Entry>();
        for (var i = 0; i < EntryCount(ifd); i++)
        {
            var at = ifd + CountSize + (i * EntrySize);
            var tag = (ushort)U(at, 2);
            var type = (ushort)U(at + 2, 2);
            var count = (long)U(at + 4, BigTiff ? 8 : 4);
            var fieldAt = at + (BigTiff ? 12 : 8);
            var size = type switch { 1 or 2 or 6 or 7 => 1, 3 or 8 => 2, 4 or 9 or 11 or 13 => 4, _ => 8 };
            var dataAt = count * size <= OffsetSize ? fieldAt : (long)U(fieldAt, OffsetSize);
            list.Add(new Entry(tag, type, count, at, dataAt, size));
        }

        return list;
    }

    public Entry Find(long ifd, ushort tag) => Entries(ifd).Single(e => e.Tag == tag);

    /// <summary>Value <paramref name="index"/> of an integer entry.</summary>
    public long Value(Entry e, int index = 0) => (long)U(e.DataAt + (index * e.Size), e.Size);

    public byte[] Data(Entry e) => File.AsSpan((int)e.DataAt, (int)(e.Count * e.Size)).ToArray();

    public sealed record Entry(ushort Tag, ushort Type, long Count, long EntryAt, long DataAt, int Size);
}
