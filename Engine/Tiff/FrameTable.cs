using System.Buffers;

namespace ScanImageTiff.Tiff;

/// <summary>
/// Everything the reader needs about every IFD, as a struct of arrays built once at open.
/// A frame whose strips form one run of bytes has <see cref="StripFirst"/> = -1 and is read (or
/// handed out zero-copy) as [<see cref="DataOffsets"/>, +FrameBytes); other frames list their
/// strips in the strip pool as (offset, bytes used) pairs.
/// </summary>
/// <remarks>
/// The columns are rented from <see cref="ArrayPool{T}.Shared"/> and given back by <see cref="Release"/> when the
/// reader is disposed: a 100 000-IFD table is 4 MB, and fresh large-object memory costs more per page on first
/// touch than indexing the IFD that fills it, so reopening files reuses warm memory instead.
/// </remarks>
internal sealed class FrameTable
{
    private long[] _ifdOffsets = [];
    private long[] _dataOffsets = [];
    private int[] _stripFirst = [];
    private int[] _layoutIndex = [];
    private long[] _descOffsets = [];
    private int[] _descLengths = [];
    private long[] _stripPool = [];
    private int _stripPoolCount;
    private readonly List<LayoutInfo> _layouts = [];
    private readonly Dictionary<FrameLayout, int> _layoutIds = [];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public IReadOnlyList<LayoutInfo> Layouts => _layouts;

    /// <summary>True once some frame layout is compressed, tiled or planar (its frames are decoded, not copied).</summary>
    public bool AnyDecoded { get; private set; }

    public ReadOnlySpan<long> IfdOffsets => _ifdOffsets.AsSpan(0, Count);

    public ReadOnlySpan<long> DataOffsets => _dataOffsets.AsSpan(0, Count);

    public ReadOnlySpan<int> StripFirst => _stripFirst.AsSpan(0, Count);

    public ReadOnlySpan<int> LayoutIndex => _layoutIndex.AsSpan(0, Count);

    public ReadOnlySpan<long> DescriptionOffsets => _descOffsets.AsSpan(0, Count);

    /// <summary>Byte count of each ImageDescription tag (NUL included), -1 when the IFD has none.</summary>
    public ReadOnlySpan<int> DescriptionLengths => _descLengths.AsSpan(0, Count);

    public LayoutInfo LayoutOf(int frame) => _layouts[_layoutIndex[frame]];

    public bool IsContiguous(int frame) => _stripFirst[frame] < 0;

    /// <summary>
    /// The strips of a non-contiguous frame as (offset, bytes) pairs; for a frame that must be decoded
    /// (<see cref="LayoutInfo.NeedsDecode"/>) its strips or tiles as stored, in StripOffsets/TileOffsets order.
    /// </summary>
    public ReadOnlySpan<long> StripsOf(int frame)
    {
        var first = _stripFirst[frame];
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
        if (capacity > _ifdOffsets.Length)
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
        Return(ref _ifdOffsets);
        Return(ref _dataOffsets);
        Return(ref _stripFirst);
        Return(ref _layoutIndex);
        Return(ref _descOffsets);
        Return(ref _descLengths);
        _stripPool = [];
        _stripPoolCount = 0;
    }

    private static void Return<T>(ref T[] column)
    {
        var old = column;
        column = [];
        if (old.Length > 0)
        {
            ArrayPool<T>.Shared.Return(old);
        }
    }

    private void Grow(int size)
    {
        size = Math.Max(size, 16);
        Resize(ref _ifdOffsets, size);
        Resize(ref _dataOffsets, size);
        Resize(ref _stripFirst, size);
        Resize(ref _layoutIndex, size);
        Resize(ref _descOffsets, size);
        Resize(ref _descLengths, size);
    }

    // Not zeroed: only the first _stripPoolCount values are ever read. The old pool is left to the GC, like the columns.
    private void GrowStripPool(int size)
    {
        var grown = GC.AllocateUninitializedArray<long>(size);
        _stripPool.AsSpan(0, _stripPoolCount).CopyTo(grown);
        _stripPool = grown;
    }

    // The old column is left to the GC, not returned: a live-follow reader on another thread may still hold it.
    private void Resize<T>(ref T[] column, int size)
    {
        var grown = ArrayPool<T>.Shared.Rent(size);
        column.AsSpan(0, _count).CopyTo(grown);
        column = grown;
    }

    /// <summary>
    /// Appends frames of one registered layout stored as one run of bytes each (rows a parallel walker recorded), with
    /// one copy per column and the new count published once, after every row is written.
    /// </summary>
    public void AddRange(ReadOnlySpan<long> ifdOffsets, ReadOnlySpan<long> dataOffsets, int layoutId, ReadOnlySpan<long> descOffsets, ReadOnlySpan<int> descLengths)
    {
        var n = _count;
        var m = ifdOffsets.Length;
        if (n + m > _ifdOffsets.Length)
        {
            Grow(Math.Max(n + m, n * 2));
        }

        ifdOffsets.CopyTo(_ifdOffsets.AsSpan(n));
        dataOffsets[..m].CopyTo(_dataOffsets.AsSpan(n));
        _stripFirst.AsSpan(n, m).Fill(-1);
        _layoutIndex.AsSpan(n, m).Fill(layoutId);
        descOffsets[..m].CopyTo(_descOffsets.AsSpan(n));
        descLengths[..m].CopyTo(_descLengths.AsSpan(n));
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
        if (n == _ifdOffsets.Length)
        {
            Grow(n * 2);
        }

        _ifdOffsets[n] = ifdOffset;
        _dataOffsets[n] = dataOffset;
        _stripFirst[n] = stripFirst;
        _layoutIndex[n] = layoutId;
        _descOffsets[n] = descOffset;
        _descLengths[n] = descLength;

        // Published last so a reader on another thread (live follow) never sees a half-written row.
        Volatile.Write(ref _count, n + 1);
        return layoutId;
    }
}
