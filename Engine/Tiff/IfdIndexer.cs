using System.Buffers;
using ScanImageTiff.Memory;

namespace ScanImageTiff.Tiff;

/// <summary>
/// Walks the IFD chain once and fills a <see cref="FrameTable"/>. Each IFD costs one bounded read
/// (a span of the mapping, or one pread). Nothing is sized by a count read from the file before that
/// count has been checked against the bytes that would hold it. Can resume from the last IFD's
/// next-pointer, which is how a growing file is followed.
/// </summary>
internal sealed class IfdIndexer
{
    // No real IFD has more entries than this; more means garbage, not a big IFD.
    private const int MaxEntries = 4096;
    private const int ScratchSize = 64 * 1024;

    // One pread of this many bytes covers a ScanImage IFD (376 bytes), its 2001-byte description and most classic IFDs.
    private const int WindowSize = 4096;

    // A strip holds at least one row; four million strips in one frame is not an image but an attack.
    private const int MaxStrips = 1 << 22;

    private const int PhotometricYCbCr = 6;

    // How many IFDs ahead of the one being indexed to prefetch (see PrefetchAhead).
    private const int PrefetchDistance = 8;

    private readonly FileSource _source;
    private readonly EndianReader _e;
    private readonly bool _big;
    private readonly int _countSize;
    private readonly int _entrySize;
    private readonly int _offsetSize;
    private readonly int _headerSize;
    private readonly int _maxFrames;
    private byte[]? _scratch;

    // pread backend: the bytes last read at _windowOffset, so the count, the entries, the next pointer and
    // nearby out-of-line values of one IFD come from one read.
    private long _windowOffset = -1;
    private int _windowLength;
    private long[] _stripScratch = new long[64];
    private HashSet<long>? _visited;
    private long _lastIfdOffset = -1;
    private long _nextPointerPosition;
    private int _lastLayoutId = -1;
    private IfdTemplate? _template;

    public IfdIndexer(FileSource source, TiffHeader header, int maxFrames)
    {
        _source = source;
        _e = new EndianReader(header.ByteOrder == TiffByteOrder.BigEndian);
        _big = header.IsBigTiff;
        _countSize = _big ? 8 : 2;
        _entrySize = _big ? 20 : 12;
        _offsetSize = _big ? 8 : 4;
        _headerSize = header.Size;
        _maxFrames = maxFrames;
        _nextPointerPosition = header.FirstIfdPointerOffset;
        Table = new FrameTable();
    }

    public FrameTable Table { get; }

    /// <summary>Set when the chain stops at a structure that lies (partly) past the end of the file.</summary>
    public FileDamage? Damage { get; private set; }

    /// <summary>True when the last IFD's next-pointer is 0 (the chain is complete as far as we know).</summary>
    public bool AtEnd { get; private set; }

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
        var length = _source.Length;
        Damage = null;

        // A writer patches the last next-pointer when it links a new frame: never trust bytes read before.
        _windowOffset = -1;
        Span<byte> pointerBytes = stackalloc byte[8];
        while (true)
        {
            if (_nextPointerPosition + _offsetSize > length)
            {
                Damage = new FileDamage(_nextPointerPosition, Table.Count, "next-IFD pointer is cut off by the end of the file");
                return;
            }

            var raw = Bytes(_nextPointerPosition, _offsetSize, pointerBytes);
            var next = _big ? _e.U64(raw) : _e.U32(raw);
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
        }
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
        if (offset + _countSize > length)
        {
            return Cut(offset, index, "IFD entry count is cut off by the end of the file");
        }

        if (!_source.IsMapped)
        {
            LoadWindow(offset, (int)Math.Min(WindowSize, length - offset));
        }

        Span<byte> countBytes = stackalloc byte[8];
        var countSpan = Bytes(offset, _countSize, countBytes);
        var n = _big ? _e.U64(countSpan) : _e.U16(countSpan);
        if (n == 0)
        {
            throw new TiffFormatException("IFD has 0 entries", offset, index);
        }

        if (n > MaxEntries)
        {
            throw new TiffFormatException($"IFD claims {n} entries (more than {MaxEntries}: not a real IFD)", offset, index);
        }

        var ifdBytes = _countSize + ((int)n * _entrySize) + _offsetSize;
        if (ifdBytes > length - offset)
        {
            return Cut(offset, index, $"IFD of {n} entries ({ifdBytes} bytes) is cut off by the end of the file");
        }

        var ifd = GetBytes(offset, ifdBytes);
        var entries = ifd.Slice(_countSize, (int)n * _entrySize);
        if (_template is { } template && template.TryMatch(entries, offset + _countSize, length, out var dataOffset, out var descOffset, out var descLength))
        {
            _lastLayoutId = Table.Add(offset, dataOffset, -1, template.LayoutId, template.Info, descOffset, descOffset < 0 ? -1 : descLength);
            Added(offset, length);
            PrefetchAhead(offset, ifdBytes, length);
        }
        else
        {
            var values = new IfdValues();
            ParseEntries(entries, offset + _countSize, index, length, ref values);
            if (values.Cut is { } cut)
            {
                return Cut(cut.Offset, index, cut.Problem);
            }

            if (!AddFrame(offset, index, length, ref values))
            {
                return false;
            }

            // The next IFD of a stack usually repeats this one but for its offsets: compare instead of decoding.
            _template = IfdTemplate.TryCreate(entries, _e, _big, _lastLayoutId, Table.Layouts[_lastLayoutId]);
        }

        _lastIfdOffset = Math.Max(_lastIfdOffset, offset);
        _nextPointerPosition = offset + ifdBytes - _offsetSize;
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
        if (!_source.IsMapped || previous < 0 || offset <= previous)
        {
            return;
        }

        var ahead = offset + ((offset - previous) * PrefetchDistance);
        if (ahead > 0 && ahead <= length - ifdBytes)
        {
            Prefetch.Region(_source.GetSpan(ahead, ifdBytes, default));
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

    private ReadOnlySpan<byte> GetBytes(long offset, int count)
    {
        if (_source.IsMapped)
        {
            return _source.GetSpan(offset, count, default);
        }

        if (offset < _windowOffset || offset + count > _windowOffset + _windowLength)
        {
            LoadWindow(offset, count);
        }

        return _scratch.AsSpan((int)(offset - _windowOffset), count);
    }

    private void LoadWindow(long offset, int count)
    {
        if (_scratch is null || _scratch.Length < count)
        {
            _scratch = new byte[Math.Max(ScratchSize, count)];
        }

        _windowOffset = -1;
        _source.Read(offset, _scratch.AsSpan(0, count));
        _windowOffset = offset;
        _windowLength = count;
    }

    /// <summary>Bytes [at, at + count): from the mapping, from the current pread window, or read into <paramref name="fallback"/>.</summary>
    private ReadOnlySpan<byte> Bytes(long at, int count, Span<byte> fallback)
    {
        if (_source.IsMapped)
        {
            return _source.GetSpan(at, count, default);
        }

        if (_windowOffset >= 0 && at >= _windowOffset && at + count <= _windowOffset + _windowLength)
        {
            return _scratch.AsSpan((int)(at - _windowOffset), count);
        }

        return _source.GetSpan(at, count, fallback);
    }

    private void ParseEntries(ReadOnlySpan<byte> entries, long entriesOffset, int index, long length, ref IfdValues v)
    {
        var fieldSize = _offsetSize;
        for (var pos = 0; pos < entries.Length; pos += _entrySize)
        {
            var entry = entries.Slice(pos, _entrySize);
            var tag = _e.U16(entry);
            if (!IsIndexedTag(tag))
            {
                continue;
            }

            var type = _e.U16(entry[2..]);
            var count = _big ? _e.U64(entry[4..]) : _e.U32(entry[4..]);
            var valueField = entry.Slice(_big ? 12 : 8, fieldSize);
            var entryOffset = entriesOffset + pos;
            var size = TiffFieldType.SizeOf(type);

            // Software and Artist only serve to cross-check the ScanImage block, TileWidth and TileLength only
            // to name the values in the NotSupportedException for tiled files: like any tag the reader does not
            // need, a broken one is ignored rather than making the whole file unreadable.
            var optional = tag is TiffTag.Software or TiffTag.Artist or TiffTag.TileWidth or TiffTag.TileLength or TiffTag.YCbCrSubSampling;
            if (size == 0)
            {
                if (optional)
                {
                    continue;
                }

                throw new TiffFormatException($"tag {tag} has unknown field type {type}", entryOffset, index);
            }

            if (count > (ulong)(long.MaxValue / 8))
            {
                if (optional)
                {
                    continue;
                }

                throw new TiffFormatException($"tag {tag} claims {count} values", entryOffset, index);
            }

            var byteCount = (long)count * size;
            long dataOffset;
            if (byteCount <= fieldSize)
            {
                dataOffset = entryOffset + (_big ? 12 : 8);
            }
            else
            {
                var target = _big ? _e.U64(valueField) : _e.U32(valueField);
                if (target > (ulong)length || byteCount > length - (long)target)
                {
                    if (optional)
                    {
                        continue;
                    }

                    v.Cut ??= (entryOffset, $"tag {tag} data ({byteCount} bytes at offset {target}) extends past the end of the file ({length} bytes)");
                    continue;
                }

                dataOffset = (long)target;
            }

            switch (tag)
            {
                case TiffTag.ImageDescription:
                    if (v.DescOffset < 0)
                    {
                        if (byteCount > int.MaxValue)
                        {
                            throw new TiffFormatException($"ImageDescription of {byteCount} bytes", entryOffset, index);
                        }

                        v.DescOffset = dataOffset;
                        v.DescLength = (int)byteCount;
                    }

                    break;
                case TiffTag.Software:
                    if (index == 0) Software = (dataOffset, byteCount);
                    break;
                case TiffTag.Artist:
                    if (index == 0) Artist = (dataOffset, byteCount);
                    break;
                case TiffTag.StripOffsets:
                    RequireInteger(tag, type, entryOffset, index);
                    v.StripOffsetsAt = dataOffset;
                    v.StripOffsetsCount = (long)count;
                    v.StripOffsetsType = type;
                    v.StripOffsetsEntry = entryOffset;
                    break;
                case TiffTag.StripByteCounts:
                    RequireInteger(tag, type, entryOffset, index);
                    v.StripCountsAt = dataOffset;
                    v.StripCountsCount = (long)count;
                    v.StripCountsType = type;
                    v.StripCountsEntry = entryOffset;
                    break;
                case TiffTag.TileOffsets:
                    v.Tiled = true;
                    break;
                case TiffTag.TileWidth:
                case TiffTag.TileLength:
                    v.Tiled |= tag == TiffTag.TileWidth;
                    if (count > 0 && IsInteger(type))
                    {
                        var tile = byteCount <= fieldSize ? ReadInteger(valueField, type) : ReadIntegerAt(dataOffset, type);
                        if (tag == TiffTag.TileWidth)
                        {
                            v.TileWidth = tile;
                        }
                        else
                        {
                            v.TileLength = tile;
                        }
                    }

                    break;
                case TiffTag.YCbCrSubSampling:
                    // Two factors (horizontal, vertical); like the tile tags it only decides "supported or not".
                    if (count >= 2 && IsInteger(type))
                    {
                        var inline = byteCount <= fieldSize;
                        v.YCbCrHorizontal = inline ? ReadInteger(valueField, type) : ReadIntegerAt(dataOffset, type);
                        v.YCbCrVertical = inline ? ReadInteger(valueField[size..], type) : ReadIntegerAt(dataOffset + size, type);
                    }

                    break;
                case TiffTag.BitsPerSample:
                case TiffTag.SampleFormat:
                    RequireInteger(tag, type, entryOffset, index);
                    ReadUniform(tag, type, count, dataOffset, byteCount, valueField, entryOffset, index, ref v);
                    break;
                default:
                    RequireInteger(tag, type, entryOffset, index);
                    if (count == 0)
                    {
                        throw new TiffFormatException($"tag {tag} has no value", entryOffset, index);
                    }

                    var scalar = byteCount <= fieldSize ? ReadInteger(valueField, type) : ReadIntegerAt(dataOffset, type);
                    switch (tag)
                    {
                        case TiffTag.ImageWidth: v.Width = scalar; break;
                        case TiffTag.ImageLength: v.Height = scalar; break;
                        case TiffTag.Compression: v.Compression = scalar; break;
                        case TiffTag.PhotometricInterpretation: v.Photometric = scalar; break;
                        case TiffTag.FillOrder: v.FillOrder = scalar; break;
                        case TiffTag.SamplesPerPixel: v.SamplesPerPixel = scalar; break;
                        case TiffTag.RowsPerStrip: v.RowsPerStrip = scalar; break;
                        case TiffTag.PlanarConfiguration: v.Planar = scalar; break;
                    }

                    break;
            }
        }
    }

    /// <summary>True for the tags the indexer decodes; every other tag is skipped unread.</summary>
    public static bool IsIndexedTag(ushort tag) => tag switch
    {
        TiffTag.ImageWidth or TiffTag.ImageLength or TiffTag.BitsPerSample or TiffTag.Compression
            or TiffTag.PhotometricInterpretation or TiffTag.FillOrder or TiffTag.ImageDescription or TiffTag.StripOffsets
            or TiffTag.SamplesPerPixel or TiffTag.RowsPerStrip or TiffTag.StripByteCounts or TiffTag.PlanarConfiguration
            or TiffTag.Software or TiffTag.Artist or TiffTag.SampleFormat or TiffTag.TileWidth or TiffTag.TileLength
            or TiffTag.TileOffsets or TiffTag.YCbCrSubSampling => true,
        _ => false,
    };

    private void ReadUniform(ushort tag, ushort type, ulong count, long dataOffset, long byteCount, ReadOnlySpan<byte> valueField, long entryOffset, int index, ref IfdValues v)
    {
        if (count == 0)
        {
            throw new TiffFormatException($"tag {tag} has no value", entryOffset, index);
        }

        // One value per sample; a handful at most in real files, so cap what we look at.
        var n = (int)Math.Min(count, 16);
        var size = TiffFieldType.SizeOf(type);
        Span<byte> buffer = stackalloc byte[16 * 8];
        var bytes = byteCount <= _offsetSize ? valueField : Bytes(dataOffset, n * size, buffer);
        var first = ReadInteger(bytes, type);
        var mixed = false;
        for (var i = 1; i < n; i++)
        {
            mixed |= ReadInteger(bytes[(i * size)..], type) != first;
        }

        if (tag == TiffTag.BitsPerSample)
        {
            v.Bits = first;
            v.MixedBits = mixed;
        }
        else
        {
            v.SampleFormat = first;
            v.MixedFormat = mixed;
        }
    }

    private static bool IsInteger(ushort type) =>
        type is TiffFieldType.Byte or TiffFieldType.Short or TiffFieldType.Long or TiffFieldType.Long8
            or TiffFieldType.Ifd or TiffFieldType.Ifd8 or TiffFieldType.Undefined or TiffFieldType.SShort or TiffFieldType.SLong;

    private static void RequireInteger(ushort tag, ushort type, long entryOffset, int index)
    {
        if (!IsInteger(type))
        {
            throw new TiffFormatException($"tag {tag} has field type {type}, expected an integer type", entryOffset, index);
        }
    }

    private long ReadInteger(ReadOnlySpan<byte> b, ushort type) => type switch
    {
        TiffFieldType.Byte or TiffFieldType.Undefined => b[0],
        TiffFieldType.Short => _e.U16(b),
        TiffFieldType.SShort => (short)_e.U16(b),
        TiffFieldType.Long or TiffFieldType.Ifd => _e.U32(b),
        TiffFieldType.SLong => (int)_e.U32(b),
        _ => (long)Math.Min(_e.U64(b), long.MaxValue),
    };

    private long ReadIntegerAt(long offset, ushort type)
    {
        Span<byte> buffer = stackalloc byte[8];
        return ReadInteger(Bytes(offset, TiffFieldType.SizeOf(type), buffer), type);
    }

    private bool AddFrame(long ifdOffset, int index, long length, ref IfdValues v)
    {
        if (v.Width < 0 || v.Height < 0)
        {
            throw new TiffFormatException(v.Width < 0 ? "IFD has no ImageWidth (256) tag" : "IFD has no ImageLength (257) tag", ifdOffset, index);
        }

        if (v.Width == 0 || v.Height == 0 || v.Width > uint.MaxValue || v.Height > uint.MaxValue)
        {
            throw new TiffFormatException($"image size {v.Width} x {v.Height} is invalid", ifdOffset, index);
        }

        if (v.SamplesPerPixel is < 1 or > 64 || v.Bits is < 1 or > 64)
        {
            throw new TiffFormatException($"{v.SamplesPerPixel} samples per pixel of {v.Bits} bits is invalid", ifdOffset, index);
        }

        var layout = new FrameLayout(
            v.Width, v.Height, (ushort)v.Bits, v.MixedBits, (ushort)v.SampleFormat, v.MixedFormat, (ushort)v.SamplesPerPixel,
            (ushort)v.Planar, (ushort)Math.Min(v.Compression, ushort.MaxValue), (ushort)Math.Min(v.Photometric, ushort.MaxValue),
            (ushort)Math.Min(v.FillOrder, ushort.MaxValue), v.RowsPerStrip <= 0 || v.RowsPerStrip > v.Height ? v.Height : v.RowsPerStrip, v.Tiled,
            v.Tiled ? v.TileWidth : -1, v.Tiled ? v.TileLength : -1,
            v.Photometric == PhotometricYCbCr ? FrameLayout.PackYCbCr(v.YCbCrHorizontal, v.YCbCrVertical) : (ushort)0);
        var info = Table.GetLayout(layout, _lastLayoutId, out var layoutId);

        if (info.FrameBytes < 0)
        {
            throw new TiffFormatException($"image size {v.Width} x {v.Height} x {v.SamplesPerPixel} samples overflows", ifdOffset, index);
        }

        long dataOffset = -1;
        var stripFirst = -1;
        if (!v.Tiled)
        {
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
            var pairs = ReadStrips(ref v, (int)strips);
            var stripsUsed = supported ? (int)info.StripsPerFrame : (int)strips;
            var contiguous = true;
            var expected = pairs[0];
            for (var s = 0; s < stripsUsed; s++)
            {
                var off = pairs[2 * s];
                var cnt = pairs[(2 * s) + 1];
                if (off < 0 || cnt < 0 || off > length || cnt > length - off)
                {
                    return Cut(v.StripOffsetsEntry, index, $"strip {s} ({cnt} bytes at offset {off}) extends past the end of the file ({length} bytes)");
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

            dataOffset = pairs[0];
            if (supported && !contiguous)
            {
                stripFirst = Table.AddStrips(pairs[..(stripsUsed * 2)]);
            }
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
            Table.Reserve((int)estimate);
        }
    }

    private Span<long> ReadStrips(ref IfdValues v, int strips)
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
            var bytes = Bytes(at, total, buffer);
            for (var s = 0; s < strips; s++)
            {
                pairs[(2 * s) + lane] = ReadInteger(bytes[(s * size)..], type);
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

    /// <summary>Tag values of one IFD, with TIFF defaults.</summary>
    private struct IfdValues
    {
        public long Width = -1;
        public long Height = -1;
        public long Bits = 1;
        public bool MixedBits;
        public long SampleFormat = 1;
        public bool MixedFormat;
        public long SamplesPerPixel = 1;
        public long Planar = 1;
        public long Compression = 1;
        public long Photometric = 1;
        public long FillOrder = 1;
        public long RowsPerStrip = -1;
        public bool Tiled;
        public long TileWidth = -1;
        public long TileLength = -1;

        // TIFF 6.0 default: chroma subsampled 2:1 both ways (only used when PhotometricInterpretation is YCbCr).
        public long YCbCrHorizontal = 2;
        public long YCbCrVertical = 2;
        public long DescOffset = -1;
        public int DescLength;
        public long StripOffsetsAt = -1;
        public long StripOffsetsCount;
        public ushort StripOffsetsType;
        public long StripOffsetsEntry;
        public long StripCountsAt = -1;
        public long StripCountsCount;
        public ushort StripCountsType;
        public long StripCountsEntry;
        public (long Offset, string Problem)? Cut;

        public IfdValues()
        {
        }
    }
}
