using System.Buffers;
using ScanImageTiff.Memory;

namespace ScanImageTiff.Tiff;

/// <summary>
/// Everything the reader needs about every IFD, as a struct of arrays built once at open.
/// A frame whose strips form one run of bytes has <see cref="StripFirst"/> = -1 and is read (or
/// handed out zero-copy) as [<see cref="DataOffsets"/>, +FrameBytes); other frames list their
/// strips in the strip pool as (offset, bytes used) pairs.
/// </summary>
/// <remarks>
/// The columns are one <see cref="ColumnBlock"/>, rented from <see cref="ArrayPool{T}.Shared"/> and given back by
/// <see cref="Release"/> when the reader is disposed: a 100 000-IFD table is 4 MB, and fresh memory costs more per page
/// on first touch than indexing the IFD that fills it, so reopening files reuses warm memory, and a first open writes
/// fresh memory in 2 MiB pages where it can.
/// </remarks>
internal sealed class FrameTable
{
    // The columns of _rows, in this order and of these widths in bytes.
    private const int IfdColumn = 0;
    private const int DataColumn = 1;
    private const int DescColumn = 2;
    private const int StripFirstColumn = 3;
    private const int LayoutColumn = 4;
    private const int DescLengthColumn = 5;

    private ColumnBlock _rows = ColumnBlock.Empty;
    private long[] _stripPool = [];
    private int _stripPoolCount;
    private readonly List<LayoutInfo> _layouts = [];
    private readonly Dictionary<FrameLayout, int> _layoutIds = [];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public IReadOnlyList<LayoutInfo> Layouts => _layouts;

    /// <summary>True once some frame layout is compressed, tiled or planar (its frames are decoded, not copied).</summary>
    public bool AnyDecoded { get; private set; }

    /// <summary>True once some frame's strips lie apart (<see cref="IsContiguous"/> false for it).</summary>
    public bool AnyScattered { get; private set; }

    public ReadOnlySpan<long> IfdOffsets => Rows<long>(IfdColumn);

    public ReadOnlySpan<long> DataOffsets => Rows<long>(DataColumn);

    public ReadOnlySpan<int> StripFirst => Rows<int>(StripFirstColumn);

    public ReadOnlySpan<int> LayoutIndex => Rows<int>(LayoutColumn);

    public ReadOnlySpan<long> DescriptionOffsets => Rows<long>(DescColumn);

    /// <summary>Byte count of each ImageDescription tag (NUL included), -1 when the IFD has none.</summary>
    public ReadOnlySpan<int> DescriptionLengths => Rows<int>(DescLengthColumn);

    // Widths of the columns of _rows in bytes, by column number.
    private static ReadOnlySpan<int> Widths => [sizeof(long), sizeof(long), sizeof(long), sizeof(int), sizeof(int), sizeof(int)];

    public LayoutInfo LayoutOf(int frame) => _layouts[LayoutIndex[frame]];

    public bool IsContiguous(int frame) => StripFirst[frame] < 0;

    /// <summary>
    /// The strips of a non-contiguous frame as (offset, bytes) pairs; for a frame that must be decoded
    /// (<see cref="LayoutInfo.NeedsDecode"/>) its strips or tiles as stored, in StripOffsets/TileOffsets order.
    /// </summary>
    public ReadOnlySpan<long> StripsOf(int frame)
    {
        var first = StripFirst[frame];
        return first < 0 ? default : _stripPool.AsSpan(first, (int)LayoutOf(frame).ChunksPerFrame * 2);
    }

    /// <summary>
    /// The derived facts of <paramref name="layout"/>: a known layout's (with its id), or a new one with id -1
    /// that <see cref="Add"/> registers. A layout is registered only with a frame, so an IFD that is rejected
    /// or cut off after this call leaves no layout behind that no frame has (which would make the file look
    /// non-uniform).
    /// </summary>
    public LayoutInfo GetLayout(in FrameLayout layout, int previousId, out int id)
    {
        if (previousId >= 0 && _layouts[previousId].Layout == layout)
        {
            id = previousId;
            return _layouts[previousId];
        }

        if (_layoutIds.TryGetValue(layout, out id))
        {
            return _layouts[id];
        }

        id = -1;
        return new LayoutInfo(layout);
    }

    /// <summary>Reserves room in the strip pool for a frame's strips and returns the first slot.</summary>
    public int AddStrips(ReadOnlySpan<long> pairs)
    {
        if (_stripPoolCount + pairs.Length > _stripPool.Length)
        {
            GrowStripPool(Math.Max(_stripPoolCount + pairs.Length, Math.Max(64, _stripPool.Length * 2)));
        }

        var first = _stripPoolCount;
        pairs.CopyTo(_stripPool.AsSpan(first));
        _stripPoolCount += pairs.Length;
        return first;
    }

    /// <summary>
    /// Makes room for <paramref name="capacity"/> rows at once (the indexer's estimate from the file length and
    /// the first IFDs' spacing), so a 100 000-IFD file is not indexed through 13 rounds of copying. The strip pool is
    /// sized for as many strips per frame as the rows so far have, but never past <paramref name="fileLength"/> / 8
    /// values (a file's own arrays hold at most that many), so a hostile file cannot make it large.
    /// </summary>
    public void Reserve(int capacity, long fileLength)
    {
        if (capacity > _rows.Capacity)
        {
            Grow(capacity);
        }

        // Not doubled from 64 (a 300-frame stack of 64 strips went through 11 zeroed copies, 9 % of `sitiff info`).
        if (_count > 0 && _stripPoolCount > 0)
        {
            var estimate = Math.Min((long)_stripPoolCount / _count * capacity, Math.Min(fileLength / 8, Array.MaxLength));
            if (estimate > _stripPool.Length)
            {
                GrowStripPool((int)estimate);
            }
        }
    }

    /// <summary>
    /// Gives the columns back to the pool and leaves an empty table. Called once the reader is disposed; any
    /// later access sees no frames instead of another reader's rows.
    /// </summary>
    public void Release()
    {
        Volatile.Write(ref _count, 0);
        var rows = _rows;
        _rows = ColumnBlock.Empty;
        rows.Return();
        _stripPool = [];
        _stripPoolCount = 0;
    }

    // The old block is left to the GC, not returned: a live-follow reader on another thread may still hold it.
    private void Grow(int size)
    {
        var grown = ColumnBlock.Rent(Math.Max(size, 16), Widths);
        _rows.CopyRowsTo(grown, _count, Widths);
        _rows = grown;
    }

    // Not zeroed: only the first _stripPoolCount values are ever read. The old pool is left to the GC, like the columns.
    private void GrowStripPool(int size)
    {
        var grown = GC.AllocateUninitializedArray<long>(size);
        _stripPool.AsSpan(0, _stripPoolCount).CopyTo(grown);
        _stripPool = grown;
    }

    /// <summary>
    /// The published rows of a column. The count is read first: a block read after it holds at least that many rows,
    /// since a row is written before the count that includes it, and a grown block copies every row before it is used.
    /// </summary>
    private ReadOnlySpan<T> Rows<T>(int column)
        where T : unmanaged
    {
        var n = Count;
        return _rows.Column<T>(column)[..n];
    }

    /// <summary>
    /// Appends frames of one registered layout stored as one run of bytes each (rows a parallel walker recorded), with
    /// one copy per column and the new count published once, after every row is written.
    /// </summary>
    public void AddRange(ReadOnlySpan<long> ifdOffsets, ReadOnlySpan<long> dataOffsets, int layoutId, ReadOnlySpan<long> descOffsets, ReadOnlySpan<int> descLengths)
    {
        var n = _count;
        var m = ifdOffsets.Length;
        if (n + m > _rows.Capacity)
        {
            Grow(Math.Max(n + m, n * 2));
        }

        var rows = _rows;
        ifdOffsets.CopyTo(rows.Column<long>(IfdColumn)[n..]);
        dataOffsets[..m].CopyTo(rows.Column<long>(DataColumn)[n..]);
        rows.Column<int>(StripFirstColumn).Slice(n, m).Fill(-1);
        rows.Column<int>(LayoutColumn).Slice(n, m).Fill(layoutId);
        descOffsets[..m].CopyTo(rows.Column<long>(DescColumn)[n..]);
        descLengths[..m].CopyTo(rows.Column<int>(DescLengthColumn)[n..]);
        Volatile.Write(ref _count, n + m);
    }

    /// <summary>Appends a frame; <paramref name="layoutId"/> -1 registers <paramref name="layout"/>. Returns the layout id.</summary>
    public int Add(long ifdOffset, long dataOffset, int stripFirst, int layoutId, LayoutInfo layout, long descOffset, int descLength)
    {
        if (layoutId < 0)
        {
            layoutId = _layouts.Count;
            _layouts.Add(layout);
            _layoutIds.Add(layout.Layout, layoutId);
            AnyDecoded |= layout.NeedsDecode;
        }

        var n = _count;
        if (n == _rows.Capacity)
        {
            Grow(n * 2);
        }

        AnyScattered |= stripFirst >= 0;
        var rows = _rows;
        rows.Column<long>(IfdColumn)[n] = ifdOffset;
        rows.Column<long>(DataColumn)[n] = dataOffset;
        rows.Column<int>(StripFirstColumn)[n] = stripFirst;
        rows.Column<int>(LayoutColumn)[n] = layoutId;
        rows.Column<long>(DescColumn)[n] = descOffset;
        rows.Column<int>(DescLengthColumn)[n] = descLength;

        // Published last so a reader on another thread (live follow) never sees a half-written row.
        Volatile.Write(ref _count, n + 1);
        return layoutId;
    }
}
