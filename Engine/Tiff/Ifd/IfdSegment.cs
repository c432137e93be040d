using System.Buffers;
using ScanImageTiff.Memory;

namespace ScanImageTiff.Tiff;

/// <summary>
/// One speculative stretch of a regular stack's IFD chain, walked on its own thread while the indexer walks the
/// stretch before it (<see cref="IfdSpeculation"/>). It starts at the first IFD at or after a predicted offset that
/// matches the stack's <see cref="IfdTemplate"/>, and follows the chain while every IFD matches and the chain moves
/// forward, up to the next stretch's predicted start. What it records is a prefix of what the serial walk would
/// record from that IFD on; whether the chain really reaches that IFD is for the indexer to prove.
/// </summary>
/// <remarks>
/// It stops, without judging, at anything unusual (an IFD that does not match, a pointer that is 0, backwards or
/// past the file, a full table, a read that fails): the indexer continues serially from the last IFD recorded, so
/// errors, damage and loops are found and reported by the serial code alone.
/// </remarks>
internal sealed class IfdSegment
{
    // Bytes searched at a time for the start IFD's signature; each search step overlaps the last by a signature.
    private const int SearchChunk = 64 * 1024;

    // Rows rented up front (a stretch of a million-IFD file rents the rest as it fills them).
    private const int InitialCapacity = 1 << 16;

    private readonly IfdEncoding _f;
    private readonly IfdWindow _window;
    private readonly IfdTemplate _template;
    private readonly long _length;
    private readonly long _stride;
    private readonly long _searchEnd;
    private readonly int _maxCount;
    // The columns of _rows: IFD offset, data offset, description offset (longs), description length (int).
    private const int IfdColumn = 0;
    private const int DataColumn = 1;
    private const int DescColumn = 2;
    private const int DescLengthColumn = 3;

    private ColumnBlock _rows;
    private Thread? _thread;
    private volatile bool _cancelled;

    /// <summary>
    /// A stretch from the first matching IFD at or after <paramref name="predicted"/> (searched for up to
    /// <paramref name="searchEnd"/>) to the first pointer at or past <paramref name="bound"/>, of about
    /// <paramref name="expected"/> IFDs (at most four times as many: past that the spacing was mispredicted).
    /// </summary>
    public IfdSegment(FileSource source, IfdEncoding f, IfdTemplate template, long predicted, long bound, long searchEnd, long length, long stride, long expected)
    {
        _f = f;
        _window = new IfdWindow(source);
        _template = template;
        Predicted = predicted;
        Bound = bound;
        _searchEnd = Math.Min(searchEnd, length);
        _length = length;
        _stride = stride;
        _maxCount = (int)Math.Min((4 * expected) + 64, Array.MaxLength);

        // Room for the stretch at the spacing seen, with slack for IFDs that crowd; more is rented as it fills.
        var capacity = (int)Math.Min((expected * 5 / 4) + 64, InitialCapacity);
        _rows = ColumnBlock.Rent(capacity, Widths);
    }

    /// <summary>Where the search for the first IFD starts; the stretch before ends at the first pointer at or past it.</summary>
    public long Predicted { get; }

    /// <summary>The next stretch's <see cref="Predicted"/> (or the file length): the walk stops at a pointer at or past it.</summary>
    public long Bound { get; }

    /// <summary>Offset of the first IFD recorded (valid once <see cref="Wait"/> returned and <see cref="Count"/> &gt; 0).</summary>
    public long Start => Count > 0 ? IfdOffsets[0] : -1;

    /// <summary>IFDs recorded.</summary>
    public int Count { get; private set; }

    /// <summary>File offset of the last recorded IFD's next-IFD pointer: where the serial walk goes on.</summary>
    public long LastPointerPosition { get; private set; }

    public ReadOnlySpan<long> IfdOffsets => _rows.Column<long>(IfdColumn)[..Count];

    public ReadOnlySpan<long> DataOffsets => _rows.Column<long>(DataColumn)[..Count];

    public ReadOnlySpan<long> DescriptionOffsets => _rows.Column<long>(DescColumn)[..Count];

    public ReadOnlySpan<int> DescriptionLengths => _rows.Column<int>(DescLengthColumn)[..Count];

    // Widths of the columns of _rows in bytes, by column number.
    private static ReadOnlySpan<int> Widths => [sizeof(long), sizeof(long), sizeof(long), sizeof(int)];

    /// <summary>Starts the walk on a thread of its own; a thread that cannot start leaves the stretch empty.</summary>
    public void Begin()
    {
        // A dedicated thread, not the pool's: it blocks in reads, and a cold pool would add a thread at its own pace.
        var thread = new Thread(Walk, 256 * 1024) { IsBackground = true, Name = "sitiff IFD walk" };
        try
        {
            thread.Start();
            _thread = thread;
        }
        catch (Exception e) when (e is ThreadStartException or OutOfMemoryException)
        {
            // Nothing to join: the serial walk does this stretch itself.
        }
    }

    /// <summary>Asks the walk to stop at its next IFD (what it recorded so far stays valid).</summary>
    public void Cancel() => _cancelled = true;

    /// <summary>Waits until the walk has stopped; its results are read only after this.</summary>
    public void Wait() => _thread?.Join();

    /// <summary>Gives the tables and the read buffer back to their pools (after <see cref="Wait"/>).</summary>
    public void Release()
    {
        Count = 0;
        var rows = _rows;
        _rows = ColumnBlock.Empty;
        rows.Return();
        _window.Release();
    }

    private void Walk()
    {
        try
        {
            var at = FindStart();
            while (at >= 0 && !_cancelled && (Count < _rows.Capacity || Grow()))
            {
                at = Record(at);
            }
        }
        catch (Exception e) when (e is TiffFormatException or IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            // A read that fails (the file shrank, the reader is going away): stop here; the serial walk meets it too.
        }

        // The read buffer goes back to the pool in Release, on the indexer's thread: this thread's own pool cache ends with it.
    }

    /// <summary>More room for rows; false (the walk stops there) past four times the IFDs expected.</summary>
    private bool Grow()
    {
        var size = (int)Math.Min(2L * _rows.Capacity, _maxCount);
        if (size <= _rows.Capacity)
        {
            return false;
        }

        var grown = ColumnBlock.Rent(size, Widths);
        _rows.CopyRowsTo(grown, Count, Widths);
        _rows.Return();
        _rows = grown;
        return true;
    }

    /// <summary>The first offset in [<see cref="Predicted"/>, search end) where a matching IFD starts, or -1.</summary>
    private long FindStart()
    {
        var signature = _template.Signature;
        var from = Predicted;
        while (!_cancelled && from + signature.Length <= _searchEnd)
        {
            // Candidates start before the search end; the last one's signature may reach past it.
            var chunk = (int)Math.Min(SearchChunk, Math.Min(_searchEnd - from + signature.Length - 1, _length - from));

            // Read the way the walk will read the IFDs found here (through the mapping, or with pread when a new
            // mapping would not be cheap: IfdWindow.LoadIfd), so the search does not fault in pages the walk avoids.
            _window.LoadIfd(from, _length, _stride);
            var bytes = _window.Get(from, chunk);
            var hit = bytes.IndexOf(signature);
            if (hit < 0)
            {
                from += chunk - signature.Length + 1;
                continue;
            }

            var candidate = from + hit;
            if (TryMatch(candidate, out _, out _, out _, out _))
            {
                return candidate;
            }

            from = candidate + 1;
        }

        return -1;
    }

    /// <summary>Records the IFD at <paramref name="at"/> (already known to match); returns the next IFD to record, or -1.</summary>
    private long Record(long at)
    {
        if (!TryMatch(at, out var dataOffset, out var descOffset, out var descLength, out var pointerAt))
        {
            return -1;
        }

        var n = Count;
        var rows = _rows;
        rows.Column<long>(IfdColumn)[n] = at;
        rows.Column<long>(DataColumn)[n] = dataOffset;
        rows.Column<long>(DescColumn)[n] = descOffset;
        rows.Column<int>(DescLengthColumn)[n] = descOffset < 0 ? -1 : descLength;
        Count = n + 1;
        LastPointerPosition = pointerAt;

        Span<byte> pointerBytes = stackalloc byte[8];
        var next = _f.Offset(_window.Bytes(pointerAt, _f.OffsetSize, pointerBytes));

        // Only a chain that moves forward inside the file, and stays short of the next stretch: anything else is the serial walk's.
        return next <= (ulong)at || next >= (ulong)_length || next >= (ulong)Bound ? -1 : (long)next;
    }

    /// <summary>
    /// The serial walk's checks of an IFD reached through a pointer, in its order, for an IFD the template matches: its
    /// count and entries inside the file, the template's entry count, then <see cref="IfdTemplate.TryMatch"/>.
    /// </summary>
    private bool TryMatch(long at, out long dataOffset, out long descOffset, out int descLength, out long pointerAt)
    {
        dataOffset = descOffset = pointerAt = -1;
        descLength = 0;
        var countSize = _f.CountSize;
        if (at + countSize > _length)
        {
            return false;
        }

        _window.LoadIfd(at, _length, _stride);
        Span<byte> countBytes = stackalloc byte[8];
        var n = _f.EntryCount(_window.Bytes(at, countSize, countBytes));
        if (n != (ulong)_template.EntryCount)
        {
            return false;
        }

        var ifdBytes = countSize + ((int)n * _f.EntrySize) + _f.OffsetSize;
        if (ifdBytes > _length - at)
        {
            return false;
        }

        var entries = _window.Get(at + countSize, (int)n * _f.EntrySize);
        if (!_template.TryMatch(entries, at + countSize, _length, out dataOffset, out descOffset, out descLength))
        {
            return false;
        }

        pointerAt = at + ifdBytes - _f.OffsetSize;
        return true;
    }
}
