using ScanImageTiff.Memory;

namespace ScanImageTiff.Tiff;

/// <summary>
/// Walks the IFD chain once and fills a <see cref="FrameTable"/>. Each IFD costs at most one bounded read
/// (a span of the mapping, or one pread, shared by many IFDs that lie close together: <see cref="IfdWindow"/>).
/// Nothing is sized by a count read from the file before that count has been checked against the bytes that would
/// hold it. Can resume from the last IFD's next-pointer, which is how a growing file is followed.
/// </summary>
/// <remarks>
/// This type owns the chain and its guards (loop detection, the IFD count cap, cut-off tails); an IFD that
/// repeats the previous one is matched by <see cref="IfdTemplate"/>, any other is decoded by
/// <see cref="IfdEntryParser"/> and its strips checked by <see cref="StripValidator"/>. The first walk of a large
/// regular stack shares the rest of the chain out to walker threads (<see cref="IfdSpeculation"/>) and takes their
/// IFDs only where its own chain reaches them, so the outcome is always this serial walk's.
/// </remarks>
internal sealed class IfdIndexer
{
    // No real IFD has more entries than this; more means garbage, not a big IFD.
    private const int MaxEntries = 4096;

    // How many IFDs ahead of the one being indexed to prefetch (see PrefetchAhead).
    private const int PrefetchDistance = 8;

    // The first walk decides whether to go parallel once it has indexed this many IFDs (IfdSpeculation); a forced
    // parallel walk (tests, the fuzzer) as soon as three IFDs give a spacing, so that small files take that path too.
    private const int SpeculateAfter = 8;
    private const int ForcedSpeculateAfter = 3;

    private readonly IfdEncoding _f;
    private readonly IfdWindow _window;
    private readonly IfdEntryParser _parser;
    private readonly FileSource _source;
    private readonly int _headerSize;
    private readonly int _maxFrames;
    private readonly IndexWalk _walk;

    // Not readonly: the validator is a mutable struct updated in place (see StripValidator).
    private StripValidator _strips;
    private HashSet<long>? _visited;
    private long _lastIfdOffset = -1;
    private long _nextPointerPosition;
    private int _lastLayoutId = -1;
    private IfdTemplate? _template;
    private IfdSpeculation? _speculation;
    private bool _resumed;

    public IfdIndexer(FileSource source, TiffHeader header, int maxFrames, IndexWalk walk = IndexWalk.Auto)
    {
        _f = new IfdEncoding(header);
        _window = new IfdWindow(source);
        _parser = new IfdEntryParser(_f, _window);
        _strips = new StripValidator(_f, _window);
        _headerSize = header.Size;
        _maxFrames = maxFrames;
        _walk = walk;
        _nextPointerPosition = header.FirstIfdPointerOffset;
        _source = source;
        Table = new FrameTable();
    }

    public FrameTable Table { get; }

    /// <summary>Set when the chain stops at a structure that lies (partly) past the end of the file.</summary>
    public FileDamage? Damage { get; private set; }

    /// <summary>True when the last IFD's next-pointer is 0 (the chain is complete as far as we know).</summary>
    public bool AtEnd { get; private set; }

    /// <summary>IFDs the last walk took from parallel walkers (<see cref="IfdSpeculation"/>), for tests.</summary>
    internal int JoinedIfds { get; private set; }

    /// <summary>Software (305) and Artist (315) tag regions of IFD 0, for cross-checking the ScanImage block.</summary>
    public (long Offset, long Count) Software { get; private set; } = (-1, 0);

    /// <inheritdoc cref="Software"/>
    public (long Offset, long Count) Artist { get; private set; } = (-1, 0);

    /// <summary>
    /// Indexes IFDs from where the last call stopped until the chain ends or is cut off. Throws
    /// <see cref="TiffFormatException"/> for malformed structures; records <see cref="Damage"/> (and
    /// stops, to retry on the next call) for structures that extend past the current end of file.
    /// </summary>
    public void Run()
    {
        try
        {
            Walk();
        }
        finally
        {
            // Walkers read the file: none may outlive the walk (the caller may dispose the source when it throws).
            _speculation?.Dispose();
            _speculation = null;
            _resumed = true;
            _window.Release();
        }
    }

    private void Walk()
    {
        var length = _source.Length;
        Damage = null;
        JoinedIfds = 0;

        // A writer patches the last next-pointer when it links a new frame: never trust bytes read before.
        _window.Invalidate();
        Span<byte> pointerBytes = stackalloc byte[8];
        while (true)
        {
            if (_nextPointerPosition + _f.OffsetSize > length)
            {
                Damage = new FileDamage(_nextPointerPosition, Table.Count, "next-IFD pointer is cut off by the end of the file");
                return;
            }

            var next = _f.Offset(_window.Bytes(_nextPointerPosition, _f.OffsetSize, pointerBytes));
            if (next == 0)
            {
                AtEnd = true;
                return;
            }

            AtEnd = false;
            var index = Table.Count;
            if (next >= (ulong)length)
            {
                if (index == 0)
                {
                    throw new TiffFormatException($"first IFD offset {next} is past the end of the file ({length} bytes)", _nextPointerPosition, index);
                }

                Damage = new FileDamage(_nextPointerPosition, index, $"IFD {index} offset {next} is past the end of the file ({length} bytes)");
                return;
            }

            var offset = (long)next;
            if (_speculation is { } speculation && TryJoin(speculation, offset))
            {
                continue;
            }

            if (offset < _headerSize)
            {
                throw new TiffFormatException($"IFD offset {offset} points into the file header", _nextPointerPosition, index);
            }

            CheckLoop(offset, index);
            if (index >= _maxFrames)
            {
                throw new TiffFormatException($"more than {_maxFrames} IFDs (ReaderOptions.MaxFrames)", offset, index);
            }

            if (!ReadIfd(offset, index, length))
            {
                return;
            }

            _visited?.Add(offset);
            if (!_resumed && _speculation is null)
            {
                // A growing file is followed by later walks, which stay serial: only the first may speculate.
                ConsiderSpeculation(length);
            }
        }
    }

    /// <summary>Once <see cref="SpeculateAfter"/> IFDs are indexed, starts the parallel walk when it can pay (<see cref="IfdSpeculation.TryStart"/>).</summary>
    private void ConsiderSpeculation(long length)
    {
        if (Table.Count == (_walk == IndexWalk.Parallel ? ForcedSpeculateAfter : SpeculateAfter) && _template is { } template)
        {
            _speculation = IfdSpeculation.TryStart(_source, _f, template, Table.IfdOffsets, length, _walk);
        }
    }

    /// <summary>
    /// Takes the IFDs of a parallel walker whose first IFD is <paramref name="offset"/>, the IFD the chain links next,
    /// when they are exactly what the serial walk would index from here: the chain has only moved forward (so no loop
    /// check can fire and there is no visited set to fill) and they stay within MaxFrames. Each of them matched the
    /// template, so each gives the row the serial walk gives it, whichever template the serial walk holds now, and
    /// leaves it holding that template.
    /// </summary>
    private bool TryJoin(IfdSpeculation speculation, long offset)
    {
        if (speculation.Reached(offset) is not { } segment
            || _visited is not null || offset <= _lastIfdOffset || segment.Count > _maxFrames - Table.Count)
        {
            return false;
        }

        var template = speculation.Template;
        var ifds = segment.IfdOffsets;
        Table.AddRange(ifds, segment.DataOffsets, template.LayoutId, segment.DescriptionOffsets, segment.DescriptionLengths);
        JoinedIfds += ifds.Length;
        _template = template;
        _lastLayoutId = template.LayoutId;
        _lastIfdOffset = ifds[^1];
        _nextPointerPosition = segment.LastPointerPosition;
        return true;
    }

    private void CheckLoop(long offset, int index)
    {
        // IFDs that move forward cannot close a loop, so the set is only built once an offset goes back.
        if (_visited is null && offset > _lastIfdOffset)
        {
            return;
        }

        if (_visited is null)
        {
            _visited = new HashSet<long>(Table.Count + 16);
            foreach (var o in Table.IfdOffsets)
            {
                _visited.Add(o);
            }
        }

        if (_visited.Contains(offset))
        {
            var first = Table.IfdOffsets.IndexOf(offset);
            throw new TiffFormatException($"IFD loop: IFD {index} is at offset {offset}, already read as IFD {first}", offset, index);
        }
    }

    /// <summary>Reads one IFD; returns false when it is cut off by the end of the file (damage recorded).</summary>
    private bool ReadIfd(long offset, int index, long length)
    {
        var countSize = _f.CountSize;
        if (offset + countSize > length)
        {
            return Cut(offset, index, "IFD entry count is cut off by the end of the file");
        }

        _window.LoadIfd(offset, length, _lastIfdOffset < 0 ? 0 : offset - _lastIfdOffset);
        Span<byte> countBytes = stackalloc byte[8];
        var n = _f.EntryCount(_window.Bytes(offset, countSize, countBytes));
        if (n == 0)
        {
            throw new TiffFormatException("IFD has 0 entries", offset, index);
        }

        if (n > MaxEntries)
        {
            throw new TiffFormatException($"IFD claims {n} entries (more than {MaxEntries}: not a real IFD)", offset, index);
        }

        var ifdBytes = countSize + ((int)n * _f.EntrySize) + _f.OffsetSize;
        if (ifdBytes > length - offset)
        {
            return Cut(offset, index, $"IFD of {n} entries ({ifdBytes} bytes) is cut off by the end of the file");
        }

        var ifd = _window.Get(offset, ifdBytes);
        var entries = ifd.Slice(countSize, (int)n * _f.EntrySize);
        if (_template is { } template && template.TryMatch(entries, offset + countSize, length, out var dataOffset, out var descOffset, out var descLength))
        {
            _lastLayoutId = Table.Add(offset, dataOffset, -1, template.LayoutId, template.Info, descOffset, descOffset < 0 ? -1 : descLength);
            Added(offset, length);
            PrefetchAhead(offset, ifdBytes, length);
        }
        else
        {
            var values = new IfdValues();
            _parser.Parse(entries, offset + countSize, index, length, ref values);
            if (values.Cut is { } cut)
            {
                return Cut(cut.Offset, index, cut.Problem);
            }

            if (index == 0)
            {
                Software = values.Software;
                Artist = values.Artist;
            }

            if (!AddFrame(offset, index, length, in values))
            {
                return false;
            }

            // The next IFD of a stack usually repeats this one but for its offsets: compare instead of decoding.
            _template = IfdTemplate.TryCreate(ifd[..countSize], entries, _f.Endian, _f.Big, _lastLayoutId, Table.Layouts[_lastLayoutId]);
        }

        _lastIfdOffset = Math.Max(_lastIfdOffset, offset);
        _nextPointerPosition = offset + ifdBytes - _f.OffsetSize;
        return true;
    }

    /// <summary>
    /// Stack IFDs sit a frame apart, so each one is a cache and TLB miss that the hardware prefetcher never
    /// runs ahead of, and the next IFD's address is known only once this one's last bytes are read. Hint the
    /// IFD <see cref="PrefetchDistance"/> strides ahead (a guess from the last stride: a prefetch never faults,
    /// and a wrong guess costs nothing but the hint) so several misses are in flight at once.
    /// </summary>
    private void PrefetchAhead(long offset, int ifdBytes, long length)
    {
        var previous = _lastIfdOffset;
        if (!_window.IsMapped || previous < 0 || offset <= previous)
        {
            return;
        }

        var ahead = offset + ((offset - previous) * PrefetchDistance);
        if (ahead > 0 && ahead <= length - ifdBytes)
        {
            _window.Prefetch(ahead, ifdBytes);
        }
    }

    private bool Cut(long offset, int index, string problem)
    {
        if (index == 0)
        {
            throw new TiffFormatException(problem, offset, index);
        }

        Damage = new FileDamage(offset, index, problem);
        return false;
    }

    private bool AddFrame(long ifdOffset, int index, long length, in IfdValues v)
    {
        var layout = v.ToLayout(ifdOffset, index);
        var info = Table.GetLayout(layout, _lastLayoutId, out var layoutId);
        if (info.FrameBytes < 0)
        {
            throw new TiffFormatException($"image size {v.Width} x {v.Height} x {v.SamplesPerPixel} samples overflows", ifdOffset, index);
        }

        long dataOffset = -1;
        var stripFirst = -1;
        (long Offset, string Problem) cut = (0, string.Empty);
        var intact = info.NeedsDecode && info.Unsupported is null
            ? _strips.ValidateChunks(in v, info, Table, ifdOffset, index, length, out dataOffset, out stripFirst, out cut)
            : v.Tiled || _strips.Validate(in v, layout, info, Table, ifdOffset, index, length, out dataOffset, out stripFirst, out cut);
        if (!intact)
        {
            return Cut(cut.Offset, index, cut.Problem);
        }

        _lastLayoutId = Table.Add(ifdOffset, dataOffset, stripFirst, layoutId, info, v.DescOffset, v.DescOffset < 0 ? -1 : v.DescLength);
        Added(ifdOffset, length);
        return true;
    }

    private void Added(long ifdOffset, long length)
    {
        if (Table.Count == 2)
        {
            // Frames of a stack are (nearly) evenly spaced: estimate the rest from the first stride, bounded
            // by the file (an IFD takes at least 18 bytes) and MaxFrames, and allocate once.
            var stride = Math.Max(18, Math.Abs(ifdOffset - Table.IfdOffsets[0]));
            var estimate = Math.Min((length - Table.IfdOffsets[0]) / stride * 9 / 8, Math.Min(_maxFrames, 1L << 24)) + 16;
            Table.Reserve((int)estimate, length);
        }
    }
}
