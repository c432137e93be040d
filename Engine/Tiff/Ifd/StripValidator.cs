using System.Buffers;
using ScanImageTiff.Tiff.Compression;

namespace ScanImageTiff.Tiff;

/// <summary>
/// Checks an IFD's strips against its layout and the file: matching StripOffsets/StripByteCounts counts,
/// enough strips and bytes for every row, every strip inside the file, and a frame no larger than the file
/// (uncompressed strips that add up to more must overlap or repeat). Finds where the frame's data starts
/// and stores the strip list in the <see cref="FrameTable"/> only when the strips are not one contiguous run.
/// </summary>
/// <remarks>
/// A mutable struct (its strip scratch grows) held in a non-readonly field of the indexer, so it is updated in
/// place: one object less per open, and its calls bind statically.
/// </remarks>
internal struct StripValidator(IfdEncoding encoding, IfdWindow window)
{
    // A strip holds at least one row; four million strips in one frame is not an image but an attack.
    private const int MaxStrips = 1 << 22;

    private readonly IfdEncoding _f = encoding;
    private readonly IfdWindow _window = window;
    private long[] _stripScratch = new long[64];

    /// <summary>
    /// Validates the strips of the stripped IFD <paramref name="index"/> and sets <paramref name="dataOffset"/> and
    /// <paramref name="stripFirst"/> (-1 when contiguous). Returns false, with <paramref name="cut"/> set, when a strip
    /// extends past <paramref name="length"/>; throws <see cref="TiffFormatException"/> when the strips are malformed.
    /// </summary>
    public bool Validate(
        in IfdValues v, FrameLayout layout, LayoutInfo info, FrameTable table, long ifdOffset, int index, long length,
        out long dataOffset, out int stripFirst, out (long Offset, string Problem) cut)
    {
        dataOffset = -1;
        stripFirst = -1;
        cut = default;
        if (v.StripOffsetsAt < 0)
        {
            throw new TiffFormatException("IFD has no StripOffsets (273) tag", ifdOffset, index);
        }

        if (v.StripCountsAt < 0)
        {
            throw new TiffFormatException("IFD has no StripByteCounts (279) tag", ifdOffset, index);
        }

        if (v.StripOffsetsCount != v.StripCountsCount)
        {
            throw new TiffFormatException($"StripOffsets has {v.StripOffsetsCount} values but StripByteCounts has {v.StripCountsCount}", v.StripCountsEntry, index);
        }

        var strips = v.StripOffsetsCount;
        if (strips == 0)
        {
            throw new TiffFormatException("IFD has no strips", v.StripOffsetsEntry, index);
        }

        if (strips > MaxStrips)
        {
            throw new TiffFormatException($"IFD claims {strips} strips (more than {MaxStrips})", v.StripOffsetsEntry, index);
        }

        var supported = info.Unsupported is null;
        if (supported && strips < info.StripsPerFrame)
        {
            throw new TiffFormatException($"{strips} strips cannot hold {v.Height} rows of {layout.RowsPerStrip} rows per strip ({info.StripsPerFrame} strips needed)", v.StripOffsetsEntry, index);
        }

        // Strip arrays were bounds-checked as tag data, so their size is bounded by the file.
        var pairs = ReadStrips(in v, (int)strips);
        var stripsUsed = supported ? (int)info.StripsPerFrame : (int)strips;
        var contiguous = true;
        var expected = pairs[0];
        for (var s = 0; s < stripsUsed; s++)
        {
            var off = pairs[2 * s];
            var cnt = pairs[(2 * s) + 1];
            if (off < 0 || cnt < 0 || off > length || cnt > length - off)
            {
                cut = (v.StripOffsetsEntry, $"strip {s} ({cnt} bytes at offset {off}) extends past the end of the file ({length} bytes)");
                return false;
            }

            if (!supported)
            {
                continue;
            }

            var rows = Math.Min(layout.RowsPerStrip, layout.Height - (s * layout.RowsPerStrip));
            var need = rows * info.RowBytes;
            if (cnt < need)
            {
                throw new TiffFormatException($"strip {s} has {cnt} bytes but its {rows} rows need {need}", v.StripCountsEntry, index);
            }

            pairs[(2 * s) + 1] = need;
            contiguous &= off == expected;
            expected = off + need;
        }

        // Every strip lies inside the file, so only strips that overlap or repeat can add up to more than it:
        // such a frame would make each read allocate and copy more than the file holds (issue 15, F4/F5).
        if (supported && info.FrameBytes > length)
        {
            throw new TiffFormatException(
                $"the {stripsUsed} strips of this {v.Width} x {v.Height} frame add up to {info.FrameBytes} bytes, more than the whole file ({length} bytes): strips overlap or repeat",
                v.StripOffsetsEntry,
                index);
        }

        dataOffset = pairs[0];
        if (supported && !contiguous)
        {
            stripFirst = table.AddStrips(pairs[..(stripsUsed * 2)]);
        }

        return true;
    }

    /// <summary>
    /// For a frame that must be decoded (compressed, tiled or planar): checks its strip or tile arrays and puts
    /// the chunks the image needs in the strip pool (<paramref name="stripFirst"/>). Only their place in the file is
    /// checked here; their contents are checked as they are decoded. Same contract as <see cref="Validate"/>.
    /// </summary>
    public bool ValidateChunks(
        in IfdValues v, LayoutInfo info, FrameTable table, long ifdOffset, int index, long length,
        out long dataOffset, out int stripFirst, out (long Offset, string Problem) cut)
    {
        dataOffset = -1;
        stripFirst = -1;
        cut = default;
        var (offsetsName, countsName) = v.Tiled ? ("TileOffsets (324)", "TileByteCounts (325)") : ("StripOffsets (273)", "StripByteCounts (279)");
        if (v.StripOffsetsAt < 0 || v.StripCountsAt < 0)
        {
            throw new TiffFormatException($"IFD has no {(v.StripOffsetsAt < 0 ? offsetsName : countsName)} tag", ifdOffset, index);
        }

        if (v.StripOffsetsCount != v.StripCountsCount)
        {
            throw new TiffFormatException($"{offsetsName} has {v.StripOffsetsCount} values but {countsName} has {v.StripCountsCount}", v.StripCountsEntry, index);
        }

        var needed = info.ChunksPerFrame;
        if (needed > MaxStrips)
        {
            throw new TiffFormatException($"IFD needs {needed} strips or tiles (more than {MaxStrips})", v.StripOffsetsEntry, index);
        }

        if (v.StripOffsetsCount < needed)
        {
            throw new TiffFormatException($"{offsetsName} has {v.StripOffsetsCount} values but the image needs {needed}", v.StripOffsetsEntry, index);
        }

        // Only the chunks the image needs are read: the arrays were bounds-checked as tag data.
        var pairs = ReadStrips(in v, (int)needed);
        for (var c = 0; c < pairs.Length; c += 2)
        {
            var (off, cnt) = (pairs[c], pairs[c + 1]);
            if (off < 0 || cnt < 0 || off > length || cnt > length - off)
            {
                cut = (v.StripOffsetsEntry, $"{(v.Tiled ? "tile" : "strip")} {c / 2} ({cnt} bytes at offset {off}) extends past the end of the file ({length} bytes)");
                return false;
            }
        }

        CheckExpansion(in v, info, pairs, index, length);
        dataOffset = pairs[0];
        stripFirst = table.AddStrips(pairs);
        return true;
    }

    /// <summary>
    /// A chunk may not declare more decoded bytes than its codec can make of the bytes it stores
    /// (<see cref="ChunkExpansion"/>), and the chunks of one frame may not store more than the whole file (they would
    /// overlap or repeat): so a frame's decoded size is bounded by the codec's maximum expansion of the bytes present.
    /// </summary>
    private readonly void CheckExpansion(in IfdValues v, LayoutInfo info, ReadOnlySpan<long> pairs, int index, long length)
    {
        var chunks = info.Chunks;
        var kind = v.Tiled ? "tile" : "strip";
        long stored = 0;
        for (var c = 0; c < pairs.Length; c += 2)
        {
            var (off, cnt) = (pairs[c], pairs[c + 1]);
            stored += cnt;
            var declared = chunks.ChunkBytes(c / 2);
            if (!ChunkExpansion.Allows(chunks.Compression, off, cnt, declared, _window, out var bound))
            {
                throw new TiffFormatException(
                    $"{TiffCompression.Describe(chunks.Compression)} {kind} {c / 2} stores {cnt} bytes, which decode to at most {bound}, but its layout needs {declared}",
                    v.StripCountsEntry,
                    index);
            }
        }

        if (stored > length)
        {
            throw new TiffFormatException(
                $"the {pairs.Length / 2} {kind}s of this frame store {stored} bytes, more than the whole file ({length} bytes): they overlap or repeat",
                v.StripCountsEntry,
                index);
        }
    }

    private Span<long> ReadStrips(in IfdValues v, int strips)
    {
        if (_stripScratch.Length < strips * 2)
        {
            _stripScratch = new long[Math.Max(strips * 2, _stripScratch.Length * 2)];
        }

        var pairs = _stripScratch.AsSpan(0, strips * 2);
        FillStripValues(pairs, 0, v.StripOffsetsAt, v.StripOffsetsType, strips);
        FillStripValues(pairs, 1, v.StripCountsAt, v.StripCountsType, strips);
        return pairs;
    }

    private void FillStripValues(Span<long> pairs, int lane, long at, ushort type, int strips)
    {
        var size = TiffFieldType.SizeOf(type);
        var total = strips * size;
        byte[]? rented = null;
        var buffer = total <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(total));
        try
        {
            var bytes = _window.Bytes(at, total, buffer);
            for (var s = 0; s < strips; s++)
            {
                pairs[(2 * s) + lane] = _f.Integer(bytes[(s * size)..], type);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
