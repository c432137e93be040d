using System.Numerics;

namespace ScanImageTiff.Tiff;

/// <summary>
/// The entries of an indexed IFD with the bytes that may change from frame to frame masked out: the
/// description's length and pointer and the strip's offset. ScanImage (and most writers of stacks) repeat
/// one IFD for every frame, so the next IFD usually has equal unmasked bytes; it then describes a frame of
/// the same layout, and only the masked fields are read and checked. That turns indexing an IFD into a
/// compare of its ~360 bytes instead of decoding 18 entries.
/// </summary>
/// <remarks>
/// Only IFDs whose decoding depends on nothing but their own entry bytes become templates: one strip whose
/// offset and byte count are stored in the entry, a readable layout, every other tag the indexer decodes
/// stored in its entry, and exactly one ImageDescription and StripOffsets entry. Entries the indexer ignores
/// are compared by tag number only (their type, count and value cannot change the result); Software and
/// Artist matter only in IFD 0, which is never matched against a template.
/// </remarks>
internal sealed class IfdTemplate
{
    private readonly byte[] _masked;
    private readonly byte[] _mask;
    private readonly EndianReader _e;
    private readonly bool _big;

    private readonly byte[] _signature;

    private IfdTemplate(byte[] masked, byte[] mask, byte[] signature, EndianReader e, bool big)
    {
        _masked = masked;
        _mask = mask;
        _signature = signature;
        _e = e;
        _big = big;
    }

    /// <summary>
    /// The first bytes every matching IFD starts with: its entry count and the entries up to the first byte that may
    /// differ. A search for them finds the IFDs of a stack near a predicted offset (<see cref="IfdSegment"/>).
    /// </summary>
    public ReadOnlySpan<byte> Signature => _signature;

    /// <summary>Number of entries; an IFD with another count does not match.</summary>
    public int EntryCount { get; private init; }

    public int LayoutId { get; private init; }

    public LayoutInfo Info { get; private init; } = null!;

    private int DescriptionEntry { get; init; } = -1;

    private int DescriptionTypeSize { get; init; }

    private int StripEntry { get; init; }

    private ushort StripType { get; init; }

    /// <summary>The StripByteCounts value (equal in every matching IFD): the bytes that must lie inside the file.</summary>
    private long StripBytes { get; init; }

    private int ValueAt => _big ? 12 : 8;

    private int FieldSize => _big ? 8 : 4;

    /// <summary>
    /// A template made from <paramref name="entries"/> (an IFD just indexed as layout <paramref name="layoutId"/>, whose
    /// entry count is stored as <paramref name="countBytes"/>), or null when the IFD does not qualify.
    /// </summary>
    public static IfdTemplate? TryCreate(ReadOnlySpan<byte> countBytes, ReadOnlySpan<byte> entries, EndianReader e, bool big, int layoutId, LayoutInfo info)
    {
        // A frame that must be decoded lists its chunks in the strip pool, which a template match does not fill.
        if (info.Unsupported is not null || info.StripsPerFrame != 1 || info.NeedsDecode)
        {
            return null;
        }

        var entrySize = big ? 20 : 12;
        var countSize = big ? 8 : 4;
        var fieldSize = big ? 8 : 4;
        var mask = new byte[entries.Length];
        int description = -1, strip = -1, descriptionTypeSize = 0;
        long stripBytes = -1;
        ushort stripType = 0;
        for (var pos = 0; pos < entries.Length; pos += entrySize)
        {
            var entry = entries.Slice(pos, entrySize);
            var tag = e.U16(entry);
            var type = e.U16(entry[2..]);
            var size = TiffFieldType.SizeOf(type);
            var count = big ? e.U64(entry[4..]) : e.U32(entry[4..]);
            var compare = mask.AsSpan(pos, entrySize);
            compare[..2].Fill(0xFF);
            if (!IfdEntryParser.IsIndexedTag(tag) || tag is TiffTag.Software or TiffTag.Artist)
            {
                continue;
            }

            switch (tag)
            {
                case TiffTag.ImageDescription:
                    if (description >= 0 || size == 0)
                    {
                        return null;
                    }

                    description = pos;
                    descriptionTypeSize = size;
                    compare[2..4].Fill(0xFF);
                    break;
                case TiffTag.StripOffsets:
                    if (strip >= 0 || count != 1 || size == 0 || size > fieldSize)
                    {
                        return null;
                    }

                    strip = pos;
                    stripType = type;
                    compare[..(4 + countSize)].Fill(0xFF);
                    break;
                default:
                    // Decoded from the entry alone only when its values fit in the entry.
                    if (size == 0 || count == 0 || count > (ulong)fieldSize || (long)count * size > fieldSize)
                    {
                        return null;
                    }

                    compare.Fill(0xFF);
                    if (tag == TiffTag.StripByteCounts)
                    {
                        stripBytes = ReadInline(entry.Slice(big ? 12 : 8, fieldSize), type, e);
                    }

                    break;
            }
        }

        if (strip < 0 || stripBytes < 0)
        {
            return null;
        }

        var masked = new byte[entries.Length];
        for (var i = 0; i < masked.Length; i++)
        {
            masked[i] = (byte)(entries[i] & mask[i]);
        }

        var fixedBytes = mask.AsSpan().IndexOfAnyExcept((byte)0xFF);
        byte[] signature = [.. countBytes, .. entries[..(fixedBytes < 0 ? entries.Length : fixedBytes)]];
        return new IfdTemplate(masked, mask, signature, e, big)
        {
            EntryCount = entries.Length / entrySize,
            LayoutId = layoutId,
            Info = info,
            DescriptionEntry = description,
            DescriptionTypeSize = descriptionTypeSize,
            StripEntry = strip,
            StripType = stripType,
            StripBytes = stripBytes,
        };
    }

    /// <summary>
    /// When <paramref name="entries"/> (of an IFD whose entries start at <paramref name="entriesOffset"/>) match,
    /// reads the frame's data offset and description and returns true. False means "decode it in full": the
    /// bytes differ, or a field points outside the file (the full decoder reports that with its offset).
    /// </summary>
    public bool TryMatch(ReadOnlySpan<byte> entries, long entriesOffset, long length, out long dataOffset, out long descOffset, out int descLength)
    {
        dataOffset = descOffset = -1;
        descLength = 0;
        if (entries.Length != _mask.Length || !EqualUnderMask(entries))
        {
            return false;
        }

        var stripValue = entries.Slice(StripEntry + ValueAt, FieldSize);
        var offset = ReadInline(stripValue, StripType, _e);
        if (offset < 0 || offset > length || StripBytes > length - offset)
        {
            return false;
        }

        if (DescriptionEntry >= 0)
        {
            var entry = entries.Slice(DescriptionEntry);
            var count = _big ? _e.U64(entry[4..]) : _e.U32(entry[4..]);
            if (count > int.MaxValue / 8)
            {
                return false;
            }

            var bytes = (long)count * DescriptionTypeSize;
            if (bytes <= FieldSize)
            {
                descOffset = entriesOffset + DescriptionEntry + ValueAt;
            }
            else
            {
                var target = _big ? _e.U64(entry[ValueAt..]) : _e.U32(entry[ValueAt..]);
                if (target > (ulong)length || bytes > length - (long)target)
                {
                    return false;
                }

                descOffset = (long)target;
            }

            descLength = (int)bytes;
        }

        dataOffset = offset;
        return true;
    }

    // Unsigned integer types only; anything else (-1) leaves the IFD to the full decoder.
    private static long ReadInline(ReadOnlySpan<byte> value, ushort type, EndianReader e) => type switch
    {
        TiffFieldType.Short => e.U16(value),
        TiffFieldType.Long or TiffFieldType.Ifd => e.U32(value),
        TiffFieldType.Long8 or TiffFieldType.Ifd8 => (long)Math.Min(e.U64(value), long.MaxValue),
        _ => -1,
    };

    private bool EqualUnderMask(ReadOnlySpan<byte> entries)
    {
        ref var a = ref MemoryMarshal.GetReference(entries);
        ref var m = ref MemoryMarshal.GetArrayDataReference(_mask);
        ref var t = ref MemoryMarshal.GetArrayDataReference(_masked);
        var n = entries.Length;
        var width = Vector<byte>.Count;
        if (n < width)
        {
            for (var i = 0; i < n; i++)
            {
                if ((byte)(Unsafe.Add(ref a, i) & Unsafe.Add(ref m, i)) != Unsafe.Add(ref t, i))
                {
                    return false;
                }
            }

            return true;
        }

        var diff = Vector<byte>.Zero;
        var last = n - width;
        for (var i = 0; i < last; i += width)
        {
            diff |= (Vector.LoadUnsafe(ref a, (nuint)i) & Vector.LoadUnsafe(ref m, (nuint)i)) ^ Vector.LoadUnsafe(ref t, (nuint)i);
        }

        // The last vector overlaps the previous one so no scalar tail is needed.
        diff |= (Vector.LoadUnsafe(ref a, (nuint)last) & Vector.LoadUnsafe(ref m, (nuint)last)) ^ Vector.LoadUnsafe(ref t, (nuint)last);
        return diff == Vector<byte>.Zero;
    }
}
