using System.Runtime.InteropServices;
using System.Text;

namespace ScanImageTiff.Tests.Support;

/// <summary>
/// Assembles TIFF and BigTIFF files byte by byte for tests, sharing no code with the engine's writer.
/// Bytes are laid out in the order they are added: the header, then data blobs (<see cref="Append"/>)
/// and IFDs (<see cref="WriteIfd"/>), each IFD followed by its own out-of-line values. Every IFD is
/// linked from the previous one (or the header). <see cref="WrittenIfd"/> records where each field
/// landed, so a test can corrupt exactly one of them with <see cref="Patch"/> and know the offset the
/// reader must report.
/// </summary>
internal sealed class TiffBuilder
{
    private readonly MemoryStream _file = new();
    private long _linkAt;

    public TiffBuilder(bool bigTiff = false, bool bigEndian = false)
    {
        BigTiff = bigTiff;
        BigEndian = bigEndian;
        var header = new byte[HeaderSize];
        header[0] = header[1] = (byte)(bigEndian ? 'M' : 'I');
        Encode(header.AsSpan(2), 2, bigTiff ? 43UL : 42UL);
        if (bigTiff)
        {
            Encode(header.AsSpan(4), 2, 8); // offset size; bytes 6-7 (reserved) stay 0
        }

        _file.Write(header);
        _linkAt = FirstIfdPointerAt;
    }

    public bool BigTiff { get; }

    public bool BigEndian { get; }

    public int HeaderSize => BigTiff ? 16 : 8;

    /// <summary>Bytes of an offset, of a value field and of the next-IFD pointer.</summary>
    public int OffsetSize => BigTiff ? 8 : 4;

    /// <summary>Bytes of an IFD's entry count.</summary>
    public int CountSize => BigTiff ? 8 : 2;

    public int EntrySize => BigTiff ? 20 : 12;

    /// <summary>Where the header stores the first IFD's offset.</summary>
    public long FirstIfdPointerAt => BigTiff ? 8 : 4;

    public long Length => _file.Length;

    /// <summary>Appends raw bytes (already in file byte order) after padding to <paramref name="align"/>; returns their offset.</summary>
    public long Append(ReadOnlySpan<byte> bytes, int align = 2)
    {
        var at = Pad(align);
        _file.Write(bytes);
        return at;
    }

    /// <summary>Appends samples given in native order, stored in the file's byte order; returns their offset.</summary>
    public long AppendSamples<T>(ReadOnlySpan<T> samples, int align = 2)
        where T : unmanaged =>
        AppendSampleBytes(MemoryMarshal.AsBytes(samples), Marshal.SizeOf<T>(), align);

    /// <summary>Appends native-order samples of <paramref name="size"/> bytes each, stored in the file's byte order.</summary>
    public long AppendSampleBytes(ReadOnlySpan<byte> nativeSamples, int size, int align = 2)
    {
        var bytes = nativeSamples.ToArray();
        if (BigEndian && size > 1)
        {
            for (var i = 0; i < bytes.Length; i += size)
            {
                Array.Reverse(bytes, i, size);
            }
        }

        return Append(bytes, align);
    }

    public Ifd NewIfd() => new(this);

    /// <summary>
    /// A plain image IFD: width, height, bits (one value per sample), optional SampleFormat, strips
    /// (arrays of <paramref name="stripType"/>, default LONG/LONG8), optional RowsPerStrip.
    /// </summary>
    public Ifd FrameIfd(
        long width, long height, int bits, IReadOnlyList<long> stripOffsets, IReadOnlyList<long> stripByteCounts,
        int? sampleFormat = null, ushort stripType = 0, long rowsPerStrip = -1, int samplesPerPixel = 1)
    {
        stripType = stripType == 0 ? (BigTiff ? FieldType.Long8 : FieldType.Long) : stripType;
        var ifd = NewIfd()
            .Ints(Tag.ImageWidth, FieldType.Long, width)
            .Ints(Tag.ImageLength, FieldType.Long, height)
            .Ints(Tag.BitsPerSample, FieldType.Short, Enumerable.Repeat((long)bits, samplesPerPixel).ToArray())
            .Ints(Tag.Compression, FieldType.Short, 1)
            .Ints(Tag.PhotometricInterpretation, FieldType.Short, 1)
            .Ints(Tag.StripOffsets, stripType, [.. stripOffsets])
            .Ints(Tag.SamplesPerPixel, FieldType.Short, samplesPerPixel);
        if (rowsPerStrip >= 0)
        {
            ifd.Ints(Tag.RowsPerStrip, FieldType.Long, rowsPerStrip);
        }

        ifd.Ints(Tag.StripByteCounts, stripType, [.. stripByteCounts]);
        if (sampleFormat is { } format)
        {
            ifd.Ints(Tag.SampleFormat, FieldType.Short, Enumerable.Repeat((long)format, samplesPerPixel).ToArray());
        }

        return ifd;
    }

    /// <summary>Writes <paramref name="ifd"/> (aligned to 2, or 8 for BigTIFF) and links it into the chain.</summary>
    public WrittenIfd WriteIfd(Ifd ifd)
    {
        var at = Pad(BigTiff ? 8 : 2);
        var entries = ifd.Entries;
        var headSize = CountSize + (entries.Count * EntrySize) + OffsetSize;
        var head = new byte[headSize];
        var tail = new MemoryStream();
        var positions = new List<(ushort Tag, long EntryAt, long DataAt)>();
        Encode(head, CountSize, (ulong)entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var entryAt = CountSize + (i * EntrySize);
            var entry = head.AsSpan(entryAt, EntrySize);
            Encode(entry, 2, e.Tag);
            Encode(entry[2..], 2, e.Type);
            Encode(entry[4..], BigTiff ? 8 : 4, e.Count);
            var field = entry[(BigTiff ? 12 : 8)..];
            var fieldAt = at + entryAt + (BigTiff ? 12 : 8);
            long dataAt;
            if (e.Payload is null)
            {
                Encode(field, OffsetSize, e.Field);
                dataAt = (long)e.Field;
            }
            else if (e.Payload.Length <= OffsetSize)
            {
                e.Payload.CopyTo(field);
                dataAt = fieldAt;
            }
            else
            {
                if ((tail.Length & 1) != 0)
                {
                    tail.WriteByte(0);
                }

                dataAt = at + headSize + tail.Length;
                tail.Write(e.Payload);
                Encode(field, OffsetSize, (ulong)dataAt);
            }

            positions.Add((e.Tag, at + entryAt, dataAt));
        }

        _file.Write(head);
        tail.WriteTo(_file);
        var written = new WrittenIfd(this, at, at + headSize - OffsetSize, positions);
        PatchOffset(_linkAt, (ulong)at);
        _linkAt = written.NextAt;
        return written;
    }

    /// <summary>Overwrites <paramref name="size"/> bytes at <paramref name="at"/> with <paramref name="value"/> in file byte order.</summary>
    public void Patch(long at, ulong value, int size)
    {
        var bytes = new byte[size];
        Encode(bytes, size, value);
        var buffer = _file.GetBuffer();
        bytes.CopyTo(buffer.AsSpan((int)at, size));
    }

    /// <summary>Overwrites an offset-sized field (4 bytes classic, 8 BigTIFF): a value field or a next pointer.</summary>
    public void PatchOffset(long at, ulong value) => Patch(at, value, OffsetSize);

    /// <summary>Overwrites an entry count (2 bytes classic, 8 BigTIFF), an IFD's or a tag's.</summary>
    public void PatchCount(long at, ulong value, bool tagCount = false) => Patch(at, value, tagCount ? (BigTiff ? 8 : 4) : CountSize);

    public byte[] ToArray() => _file.ToArray();

    /// <summary>Encodes <paramref name="value"/> in <paramref name="size"/> bytes in the file's byte order.</summary>
    public void Encode(Span<byte> destination, int size, ulong value)
    {
        for (var i = 0; i < size; i++)
        {
            var shift = 8 * (BigEndian ? size - 1 - i : i);
            destination[i] = (byte)(value >> shift);
        }
    }

    private long Pad(int align)
    {
        _file.Position = _file.Length;
        while (_file.Length % align != 0)
        {
            _file.WriteByte(0);
        }

        return _file.Length;
    }

    /// <summary>Tag codes (TIFF 6.0).</summary>
    public static class Tag
    {
        public const ushort ImageWidth = 256;
        public const ushort ImageLength = 257;
        public const ushort BitsPerSample = 258;
        public const ushort Compression = 259;
        public const ushort PhotometricInterpretation = 262;
        public const ushort FillOrder = 266;
        public const ushort ImageDescription = 270;
        public const ushort StripOffsets = 273;
        public const ushort SamplesPerPixel = 277;
        public const ushort RowsPerStrip = 278;
        public const ushort StripByteCounts = 279;
        public const ushort PlanarConfiguration = 284;
        public const ushort Software = 305;
        public const ushort Artist = 315;
        public const ushort TileWidth = 322;
        public const ushort TileLength = 323;
        public const ushort TileOffsets = 324;
        public const ushort TileByteCounts = 325;
        public const ushort SampleFormat = 339;
        public const ushort YCbCrSubSampling = 530;
    }

    /// <summary>Field type codes (TIFF 6.0, BigTIFF).</summary>
    public static class FieldType
    {
        public const ushort Byte = 1;
        public const ushort Ascii = 2;
        public const ushort Short = 3;
        public const ushort Long = 4;
        public const ushort Rational = 5;
        public const ushort Undefined = 7;
        public const ushort Long8 = 16;

        public static int SizeOf(ushort type) => type switch
        {
            Byte or Ascii or Undefined => 1,
            Short => 2,
            Long => 4,
            Rational or Long8 => 8,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "give the payload bytes explicitly (Ifd.Raw)"),
        };
    }

    /// <summary>The entries of one IFD, in the order they will be written (tests may write them unsorted).</summary>
    public sealed class Ifd(TiffBuilder owner)
    {
        internal List<(ushort Tag, ushort Type, ulong Count, byte[]? Payload, ulong Field)> Entries { get; } = [];

        /// <summary>Integers of an integer type (BYTE, SHORT, LONG, LONG8), inline when they fit.</summary>
        public Ifd Ints(ushort tag, ushort type, params long[] values)
        {
            var size = FieldType.SizeOf(type);
            var payload = new byte[values.Length * size];
            for (var i = 0; i < values.Length; i++)
            {
                owner.Encode(payload.AsSpan(i * size), size, (ulong)values[i]);
            }

            return Raw(tag, type, (ulong)values.Length, payload);
        }

        /// <summary>ASCII text with its terminating NUL.</summary>
        public Ifd Ascii(ushort tag, string text)
        {
            var payload = Encoding.UTF8.GetBytes(text + "\0");
            return Raw(tag, FieldType.Ascii, (ulong)payload.Length, payload);
        }

        /// <summary>Any type code and count with these exact payload bytes (inline when they fit the value field).</summary>
        public Ifd Raw(ushort tag, ushort type, ulong count, byte[] payload)
        {
            Entries.Add((tag, type, count, payload, 0));
            return this;
        }

        /// <summary>An entry whose value field holds <paramref name="field"/> verbatim, whatever the count says (no data is written).</summary>
        public Ifd Field(ushort tag, ushort type, ulong count, ulong field)
        {
            Entries.Add((tag, type, count, null, field));
            return this;
        }

        /// <summary>Removes every entry with this tag.</summary>
        public Ifd Without(ushort tag)
        {
            Entries.RemoveAll(e => e.Tag == tag);
            return this;
        }
    }

    /// <summary>Where an IFD and each of its fields landed in the file.</summary>
    public sealed class WrittenIfd(TiffBuilder owner, long offset, long nextAt, List<(ushort Tag, long EntryAt, long DataAt)> entries)
    {
        /// <summary>Offset of the IFD (its entry count).</summary>
        public long Offset { get; } = offset;

        /// <summary>Offset of its next-IFD pointer.</summary>
        public long NextAt { get; } = nextAt;

        /// <summary>Offset of the first entry with this tag.</summary>
        public long EntryAt(ushort tag) => entries.First(e => e.Tag == tag).EntryAt;

        public long TypeAt(ushort tag) => EntryAt(tag) + 2;

        public long CountAt(ushort tag) => EntryAt(tag) + 4;

        /// <summary>Offset of the entry's value field (inline value or offset of the data).</summary>
        public long ValueAt(ushort tag) => EntryAt(tag) + (owner.BigTiff ? 12 : 8);

        /// <summary>Offset of the entry's values: out of line, or the value field when inline.</summary>
        public long DataAt(ushort tag) => entries.First(e => e.Tag == tag).DataAt;
    }
}
