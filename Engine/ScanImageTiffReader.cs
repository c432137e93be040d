using System.Text;
using CommunityToolkit.HighPerformance.Buffers;
using ScanImageTiff.Memory;
using ScanImageTiff.Reading;
using ScanImageTiff.Tiff;

namespace ScanImageTiff;

/// <summary>
/// Reads a TIFF or BigTIFF file, ScanImage or not. <see cref="Open(string, ReaderOptions?)"/> maps the file
/// and indexes every IFD once; frames are then handed out zero-copy or copied in parallel.
/// </summary>
/// <remarks>
/// <para>Memory lifetime: every <see cref="ReadOnlyMemory{T}"/> returned by <see cref="TryGetFrameMemory{T}"/>
/// or <see cref="GetFrameMemory{T}"/> points into the mapped file and is valid until this reader is disposed.
/// Using such memory afterwards throws <see cref="ObjectDisposedException"/>; a span taken from it
/// <em>before</em> dispose must not be used after dispose.</para>
/// <para>Thread safety: all read methods may be called concurrently. <see cref="Dispose"/> must not race with reads.</para>
/// </remarks>
public sealed class ScanImageTiffReader : IDisposable
{
    private readonly FileSource _source;
    private readonly IfdIndexer _indexer;
    private readonly TiffHeader _header;
    private readonly FrameReader _frames;

    private ScanImageTiffReader(FileSource source, TiffHeader header, IfdIndexer indexer, ScanImageBlock? block)
    {
        _source = source;
        _header = header;
        _indexer = indexer;
        _frames = new FrameReader(source, indexer.Table, header.ByteOrder);
        Block = block;
    }

    /// <summary>The file's path as given to <see cref="Open(string, ReaderOptions?)"/>.</summary>
    public string FilePath => _source.Path;

    /// <summary>Bytes of the file that were indexed (its length at open, or at the last refresh).</summary>
    public long FileLength => _source.Length;

    /// <summary>True for BigTIFF (version 43), false for classic TIFF (version 42).</summary>
    public bool IsBigTiff => _header.IsBigTiff;

    /// <summary>Byte order of the file's structures and samples.</summary>
    public TiffByteOrder ByteOrder => _header.ByteOrder;

    /// <summary>File offset of the header's pointer to the first IFD (where "no IFD at all" is read).</summary>
    internal int FirstIfdPointerOffset => _header.FirstIfdPointerOffset;

    /// <summary>How the file is read.</summary>
    public ReadBackend Backend => _source.IsMapped ? ReadBackend.Mapped : ReadBackend.RandomAccess;

    /// <summary>Number of intact frames (IFDs). Frames past <see cref="Damage"/> are not counted.</summary>
    public int FrameCount => Table.Count;

    /// <summary>
    /// Set when the file's tail is cut off or points past its end (e.g. the disk filled up during
    /// acquisition): frames before it are readable, the IFD it names and any after it are not.
    /// </summary>
    public FileDamage? Damage => _indexer.Damage;

    /// <summary>True when every frame has the same width, height, samples per pixel and sample type.</summary>
    public bool IsUniform
    {
        get
        {
            var layouts = Table.Layouts;
            for (var i = 1; i < layouts.Count; i++)
            {
                if (!SameShape(layouts[0], layouts[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }

    internal FrameTable Table => _indexer.Table;

    internal FileSource Source => _source;

    internal ScanImageBlock? Block { get; }

    internal IfdIndexer Indexer => _indexer;

    /// <summary>The frame-level reads (checks, zero-copy views, copies) this facade forwards to.</summary>
    internal FrameReader Frames => _frames;

    /// <summary>Opens and indexes a file.</summary>
    /// <param name="path">The TIFF/BigTIFF file. It may still be open for writing by another process.</param>
    /// <param name="options">Backend and limits; <see cref="ReaderOptions.Default"/> when null.</param>
    /// <exception cref="TiffFormatException">The file is not a well-formed TIFF (message and <see cref="TiffFormatException.FileOffset"/> say where).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static ScanImageTiffReader Open(string path, ReaderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= ReaderOptions.Default;
        var source = FileSource.Open(path, options.Backend, options.ShareMappings);
        IfdIndexer? indexer = null;
        try
        {
            var length = source.Length;
            if (length == 0)
            {
                throw new TiffFormatException("file is empty", 0);
            }

            // A structure read: the IFD walk asks for the IFDs it needs, not for the megabytes after the header.
            Span<byte> head = stackalloc byte[ScanImageBlock.Offset + ScanImageBlock.Size];
            var headBytes = head[..(int)Math.Min(head.Length, length)];
            source.ReadStructure(0, headBytes);
            var header = TiffHeader.Parse(headBytes);
            var block = header.IsBigTiff ? ScanImageBlock.Read(headBytes, length) : null;
            indexer = new IfdIndexer(source, header, options.MaxFrames, options.Walk);
            indexer.Run();
            return new ScanImageTiffReader(source, header, indexer, block);
        }
        catch (TiffFormatException e)
        {
            source.Dispose();
            indexer?.Table.Release();
            throw e.WithPath(path);
        }
        catch
        {
            source.Dispose();
            indexer?.Table.Release();
            throw;
        }
    }

    /// <summary>Describes frame <paramref name="frame"/>.</summary>
    /// <param name="frame">0-based frame index.</param>
    public FrameInfo GetFrameInfo(int frame)
    {
        CheckFrame(frame);
        var t = Table;
        var info = t.LayoutOf(frame);
        var l = info.Layout;
        return new FrameInfo(
            frame, (int)Math.Min(l.Width, int.MaxValue), (int)Math.Min(l.Height, int.MaxValue), l.SamplesPerPixel, l.BitsPerSample,
            info.PixelType, info.Unsupported, info.FrameBytes, t.IsContiguous(frame), t.IfdOffsets[frame], t.DataOffsets[frame]);
    }

    /// <summary>
    /// The shape of the whole stack as (frames, height, width, samples per pixel) and its sample type.
    /// </summary>
    /// <exception cref="InvalidOperationException">Frames differ in shape or type (the message names the first that differs).</exception>
    /// <exception cref="NotSupportedException">The frames cannot be decoded.</exception>
    public (int Frames, int Height, int Width, int SamplesPerPixel, PixelType PixelType) GetStackShape()
    {
        if (FrameCount == 0)
        {
            throw new InvalidOperationException($"{FilePath} has no intact frames.");
        }

        var first = GetFrameInfo(0);
        RequireUniform(0, FrameCount);
        var type = first.PixelType ?? throw Unsupported(0, Table.LayoutOf(0));
        return (FrameCount, first.Height, first.Width, first.SamplesPerPixel, type);
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> unless frames [start, end) share one shape and type.</summary>
    /// <param name="start">First frame.</param>
    /// <param name="end">One past the last frame.</param>
    public void RequireUniform(int start, int end)
    {
        CheckRange(start, end);
        var t = Table;

        // An empty range (even [FrameCount, FrameCount)) is uniform; ids[start] below needs start < end.
        if (t.Layouts.Count == 1 || end - start < 2)
        {
            return;
        }

        var ids = t.LayoutIndex;
        var firstId = ids[start];
        for (var i = start + 1; i < end; i++)
        {
            if (ids[i] != firstId && !SameShape(t.Layouts[firstId], t.Layouts[ids[i]]))
            {
                throw new InvalidOperationException(
                    $"{FilePath}: frames differ in shape: frame {start} is {GetFrameInfo(start).Describe()}, frame {i} is {GetFrameInfo(i).Describe()}. " +
                    "Read them one at a time (GetFrameInfo gives each frame's shape).");
            }
        }
    }

    /// <summary>
    /// Gets frame <paramref name="frame"/> without copying when its bytes are one contiguous, uncompressed
    /// run in native byte order in a mapped file. Allocation-free for aligned frames.
    /// </summary>
    /// <typeparam name="T">The CLR type of the frame's samples (<see cref="short"/> for int16, ...).</typeparam>
    /// <param name="frame">0-based frame index.</param>
    /// <param name="pixels">The frame's samples, row-major; valid until the reader is disposed.</param>
    /// <returns>False when the frame must be copied (see <see cref="ReadFrame{T}(int, Span{T})"/>).</returns>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> does not match the frame's sample type.</exception>
    /// <exception cref="NotSupportedException">The frame's encoding is not supported.</exception>
    public bool TryGetFrameMemory<T>(int frame, out ReadOnlyMemory<T> pixels)
        where T : unmanaged
        => _frames.TryGetMemory(frame, out pixels);

    /// <summary>
    /// Frame <paramref name="frame"/>'s samples: zero-copy when possible (see <see cref="TryGetFrameMemory{T}"/>),
    /// otherwise a new array holding a copy in native byte order.
    /// </summary>
    /// <typeparam name="T">The CLR type of the frame's samples.</typeparam>
    /// <param name="frame">0-based frame index.</param>
    public ReadOnlyMemory<T> GetFrameMemory<T>(int frame)
        where T : unmanaged
    {
        if (TryGetFrameMemory<T>(frame, out var pixels))
        {
            return pixels;
        }

        var copy = GC.AllocateUninitializedArray<T>(checked((int)GetFrameInfo(frame).ElementCount));
        ReadFrame<T>(frame, copy);
        return copy;
    }

    /// <summary>Copies frame <paramref name="frame"/> into <paramref name="destination"/> (native byte order).</summary>
    /// <typeparam name="T">The CLR type of the frame's samples.</typeparam>
    /// <param name="frame">0-based frame index.</param>
    /// <param name="destination">At least Width × Height × SamplesPerPixel elements.</param>
    public void ReadFrame<T>(int frame, Span<T> destination)
        where T : unmanaged
        => _frames.Read(frame, destination);

    /// <summary>Copies frame <paramref name="frame"/> into a pooled buffer that the caller must dispose.</summary>
    /// <typeparam name="T">The CLR type of the frame's samples.</typeparam>
    /// <param name="frame">0-based frame index.</param>
    public MemoryOwner<T> ReadFramePooled<T>(int frame)
        where T : unmanaged
        => _frames.ReadPooled<T>(frame);

    /// <summary>Number of samples in frames [start, end).</summary>
    /// <param name="start">First frame.</param>
    /// <param name="end">One past the last frame.</param>
    public long GetElementCount(int start, int end)
    {
        CheckRange(start, end);
        long total = 0;
        for (var i = start; i < end; i++)
        {
            total += GetFrameInfo(i).ElementCount;
        }

        return total;
    }

    /// <summary>
    /// Copies frames [start, end) one after another into <paramref name="destination"/>, in parallel for large
    /// intervals. Frames may differ in shape as long as they share the sample type.
    /// </summary>
    /// <typeparam name="T">The CLR type of the samples.</typeparam>
    /// <param name="start">First frame.</param>
    /// <param name="end">One past the last frame.</param>
    /// <param name="destination">At least <see cref="GetElementCount"/> elements.</param>
    public void ReadFrames<T>(int start, int end, Span<T> destination)
        where T : unmanaged
        => _frames.ReadRange(start, end, destination);

    /// <summary>Frames [start, end) in a new array (see <see cref="ReadFrames{T}(int, int, Span{T})"/>).</summary>
    /// <typeparam name="T">The CLR type of the samples.</typeparam>
    /// <param name="start">First frame.</param>
    /// <param name="end">One past the last frame.</param>
    /// <exception cref="InvalidOperationException">The result has more elements than an array can hold; use <see cref="ReadFramesNative{T}"/>.</exception>
    public T[] ReadFrames<T>(int start, int end)
        where T : unmanaged
        => _frames.ReadRange<T>(start, end);

    /// <summary>Frames [start, end) in page-aligned native memory, for results of any size. Dispose it.</summary>
    /// <typeparam name="T">The CLR type of the samples.</typeparam>
    /// <param name="start">First frame.</param>
    /// <param name="end">One past the last frame.</param>
    public NativeBuffer<T> ReadFramesNative<T>(int start, int end)
        where T : unmanaged
        => _frames.ReadRangeNative<T>(start, end);

    /// <summary>
    /// Copies the samples of frames [start, end) as little-endian bytes, whatever their type (what
    /// exporters and checksums want). <paramref name="destination"/> needs <see cref="GetByteCount"/> bytes.
    /// </summary>
    /// <param name="start">First frame.</param>
    /// <param name="end">One past the last frame.</param>
    /// <param name="destination">The bytes.</param>
    public void ReadFramesLittleEndian(int start, int end, Span<byte> destination)
        => _frames.ReadRangeLittleEndian(start, end, destination);

    /// <summary>Bytes of the decoded samples of frames [start, end); throws <see cref="NotSupportedException"/> if one cannot be decoded.</summary>
    /// <param name="start">First frame.</param>
    /// <param name="end">One past the last frame.</param>
    public long GetByteCount(int start, int end)
        => _frames.GetByteCount(start, end);

    /// <summary>
    /// Frame <paramref name="frame"/>'s ImageDescription as text, with trailing spaces and NULs removed
    /// (the final line break is kept). Empty when the frame has no description.
    /// </summary>
    /// <param name="frame">0-based frame index.</param>
    public string GetDescription(int frame) => DescriptionText(GetDescriptionBytes(frame));

    /// <summary>
    /// The descriptions of frames [<paramref name="start"/>, <paramref name="end"/>), in order, each as
    /// <see cref="GetDescription"/> gives it, read many at a time: views of the mapping, or with
    /// <see cref="ReadBackend.RandomAccess"/> one read for all the descriptions that lie close together (ScanImage's,
    /// a frame apart) instead of one per frame. For dumping or parsing every frame header.
    /// </summary>
    /// <param name="start">First frame.</param>
    /// <param name="end">One past the last frame.</param>
    public IEnumerable<string> EnumerateDescriptions(int start, int end)
    {
        CheckRange(start, end);
        return DescriptionBatch.Enumerate(this, start, end);
    }

    /// <summary>
    /// Copies the descriptions of frames [<paramref name="start"/>, <paramref name="end"/>) exactly as stored (as
    /// <see cref="GetDescriptionBytes"/> gives each), back to back, into <paramref name="destination"/>: as many whole
    /// ones as fit. Read many at a time, as <see cref="EnumerateDescriptions"/> reads them, with no array per frame.
    /// Returns how many frames' descriptions were copied (a frame without one counts and takes no bytes); call again
    /// from there with more room. <see cref="GetDescriptionByteCount(int, int)"/> says how much room all of them take.
    /// </summary>
    /// <param name="start">First frame.</param>
    /// <param name="end">One past the last frame.</param>
    /// <param name="destination">Receives the bytes.</param>
    /// <param name="bytesWritten">Bytes written to <paramref name="destination"/>.</param>
    public int CopyDescriptionBytes(int start, int end, Span<byte> destination, out int bytesWritten)
    {
        CheckRange(start, end);
        _source.ThrowIfDisposed();
        return DescriptionBatch.CopyBytes(this, start, end, destination, out bytesWritten);
    }

    /// <summary>Bytes of frames [<paramref name="start"/>, <paramref name="end"/>)'s descriptions as stored (<see cref="GetDescriptionByteCount(int)"/> summed).</summary>
    /// <param name="start">First frame.</param>
    /// <param name="end">One past the last frame.</param>
    public long GetDescriptionByteCount(int start, int end)
    {
        CheckRange(start, end);
        long total = 0;
        foreach (var length in Table.DescriptionLengths[start..end])
        {
            total += Math.Max(0, length);
        }

        return total;
    }

    /// <summary>Stored description bytes as text: trailing spaces and NULs removed (<see cref="TrimDescription"/>), UTF-8 decoded.</summary>
    internal static string DescriptionText(ReadOnlySpan<byte> stored) => Encoding.UTF8.GetString(TrimDescription(stored));

    /// <summary>Stored description bytes without their trailing spaces and NULs (ScanImage's padding and the terminator).</summary>
    internal static ReadOnlySpan<byte> TrimDescription(ReadOnlySpan<byte> stored) =>
        stored[..(stored.LastIndexOfAnyExcept((byte)' ', (byte)0) + 1)];

    /// <summary>Frame <paramref name="frame"/>'s ImageDescription bytes exactly as stored (tag count, NUL and padding included).</summary>
    /// <param name="frame">0-based frame index.</param>
    public byte[] GetDescriptionBytes(int frame)
    {
        CheckFrame(frame);
        var length = Table.DescriptionLengths[frame];
        if (length <= 0)
        {
            return [];
        }

        var result = new byte[length];
        _source.ReadStructure(Table.DescriptionOffsets[frame], result);
        return result;
    }

    /// <summary>Byte count of frame <paramref name="frame"/>'s ImageDescription tag (NUL included), 0 when absent.</summary>
    /// <param name="frame">0-based frame index.</param>
    public int GetDescriptionByteCount(int frame)
    {
        CheckFrame(frame);
        return Math.Max(0, Table.DescriptionLengths[frame]);
    }

    /// <summary>
    /// The ScanImage 2016+ block's version field (3 or 4), or null when the file has no 16-byte ScanImage
    /// block after the BigTIFF header (plain TIFF, or ScanImage 2015 and older).
    /// </summary>
    public int? ScanImageBlockVersion => Block?.Version;

    /// <summary>
    /// The bytes of ScanImage block section <paramref name="section"/> exactly as stored (its trailing NUL
    /// included): 0 = non-varying frame data (<c>SI.x = y</c> lines or JSON), 1 = ROI group JSON.
    /// Empty when the file has no ScanImage block.
    /// </summary>
    /// <param name="section">0 or 1.</param>
    public byte[] GetScanImageSectionBytes(int section)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(section);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(section, 1);
        _source.ThrowIfDisposed();
        if (Block is not { } b)
        {
            return [];
        }

        var (offset, length) = section == 0 ? (b.Section0Offset, b.Section0Length) : (b.Section1Offset, b.Section1Length);
        var result = new byte[length];
        _source.ReadStructure(offset, result);
        return result;
    }

    /// <summary>
    /// Looks again at the file's length and indexes IFDs appended since open (a file still being written).
    /// Memory handed out earlier stays valid. Returns the new <see cref="FrameCount"/>.
    /// </summary>
    /// <remarks>Call from one thread at a time; frames appear only once their IFD is linked and their data is inside the file.</remarks>
    public int Refresh()
    {
        _source.Refresh();
        try
        {
            _indexer.Run();
        }
        catch (TiffFormatException e)
        {
            throw e.WithPath(FilePath);
        }

        return FrameCount;
    }

    /// <summary>
    /// True when the last indexed IFD's next-IFD pointer is 0: no further frame is linked (yet).
    /// </summary>
    public bool IsChainComplete => _indexer.AtEnd;

    /// <summary>Releases the mapping and the file. Memory handed out earlier becomes unusable.</summary>
    public void Dispose()
    {
        _source.Dispose();
        Table.Release();
    }

    /// <summary>
    /// Unmaps the recently used files this process keeps mapped for fast reopening (see
    /// <see cref="ReaderOptions.ShareMappings"/>). Readers that are still open keep their mappings until disposed.
    /// </summary>
    public static void ReleaseSharedMappings() => MappingCache.Clear();

    /// <summary>
    /// A view of the description bytes: straight from the mapping, or copied into <paramref name="scratch"/>
    /// (which must be large enough) for the pread backend.
    /// </summary>
    internal ReadOnlySpan<byte> GetDescriptionSpan(int frame, Span<byte> scratch)
    {
        // After dispose the mapping is gone: fail like every public read instead of dereferencing it.
        _source.ThrowIfDisposed();
        var length = Table.DescriptionLengths[frame];
        return length <= 0 ? default : _source.GetStructureSpan(Table.DescriptionOffsets[frame], length, scratch);
    }

    /// <inheritdoc cref="FrameReader.CopyFrameBytes"/>
    internal void CopyFrameBytes(int frame, Span<byte> destination, bool streaming = false) =>
        _frames.CopyFrameBytes(frame, destination, streaming);

    internal NotSupportedException Unsupported(int frame, LayoutInfo info) => _frames.Unsupported(frame, info);

    private static bool SameShape(LayoutInfo a, LayoutInfo b) =>
        a.Layout.Width == b.Layout.Width && a.Layout.Height == b.Layout.Height
        && a.Layout.SamplesPerPixel == b.Layout.SamplesPerPixel && a.PixelType == b.PixelType
        && a.Layout.BitsPerSample == b.Layout.BitsPerSample;

    private void CheckFrame(int frame) => _frames.CheckFrame(frame);

    private void CheckRange(int start, int end) => _frames.CheckRange(start, end);
}
