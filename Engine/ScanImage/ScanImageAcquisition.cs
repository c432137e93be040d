using System.Globalization;
using System.Runtime.ExceptionServices;
using CommunityToolkit.HighPerformance;
using ScanImageTiff.Acquisition;
using ScanImageTiff.Memory;

namespace ScanImageTiff.ScanImage;

/// <summary>
/// One ScanImage acquisition over one or more files (<c>&lt;stem&gt;_&lt;acq&gt;_&lt;fileIdx&gt;.tif</c>), as one sequence of
/// IFDs with its metadata, its channels × slices × volumes structure, its multi-ROI fields and its frame headers.
/// Channel and slice phase carry across file boundaries. Plain TIFF files open too (no metadata, no structure).
/// </summary>
public sealed class ScanImageAcquisition : IDisposable
{
    private readonly ScanImageTiffReader[] _files;
    private readonly int[] _starts;
    private readonly Lazy<AcquisitionStructure?> _structure;
    private readonly Lazy<(RoiRectangle[] Rois, string? Note)> _rois;

    private readonly bool _ownsFiles;

    private readonly ScanImageMetadata? _metadata;
    private readonly ExceptionDispatchInfo? _metadataError;

    private ScanImageAcquisition(ScanImageTiffReader[] files, ScanImageMetadata? metadata, bool ownsFiles, ExceptionDispatchInfo? metadataError = null)
    {
        _metadataError = metadataError;
        _files = files;
        _ownsFiles = ownsFiles;
        _starts = new int[files.Length + 1];
        for (var i = 0; i < files.Length; i++)
        {
            _starts[i + 1] = checked(_starts[i] + files[i].FrameCount);
        }

        _metadata = metadata;
        _structure = new Lazy<AcquisitionStructure?>(DeriveStructure);
        _rois = new Lazy<(RoiRectangle[], string?)>(() => Metadata is null || FrameCount == 0
            ? ([], null)
            : RoiLayout.Compute(Metadata, _files[0].GetFrameInfo(0).Width, _files[0].GetFrameInfo(0).Height));
    }

    /// <summary>The files, in acquisition order.</summary>
    public IReadOnlyList<ScanImageTiffReader> Files => _files;

    /// <summary>IFDs over all files.</summary>
    public int FrameCount => _starts[^1];

    /// <summary>The frame-invariant metadata (of the first file; all files agree), or null for a plain TIFF.</summary>
    /// <exception cref="NotSupportedException">The ScanImage block is of a version this reader does not know (the pixels stay readable).</exception>
    public ScanImageMetadata? Metadata
    {
        get
        {
            _metadataError?.Throw();
            return _metadata;
        }
    }

    /// <summary>The structure, or null for a plain TIFF and for metadata that cannot be read (pixels only).</summary>
    internal AcquisitionStructure? StructureIfReadable => _metadataError is null ? Structure : null;

    /// <summary>Channels × slices × volumes, or null for a plain TIFF. Derived on first use.</summary>
    /// <exception cref="InvalidDataException">The metadata describe no usable structure (e.g. a channel list that is not one).</exception>
    public AcquisitionStructure? Structure => _structure.Value;

    /// <summary>The multi-ROI fields of a page (empty when multi-ROI is off). Derived on first use.</summary>
    /// <exception cref="NotSupportedException">The ROIs do not tile the page with equal gaps (e.g. ROIs present only at some z planes).</exception>
    public IReadOnlyList<RoiRectangle> Rois => _rois.Value.Rois;

    /// <summary>Set when the metadata's fly-to time disagrees with the gap found in the page (the page wins), or when <c>mroiEnable</c> is not a flag (multi-ROI is then off).</summary>
    public string? RoiNote => _rois.Value.Note;

    /// <summary>Opens one file, or with <paramref name="includeSiblings"/> every file of its acquisition.</summary>
    /// <param name="path">A TIFF file.</param>
    /// <param name="includeSiblings">Also open <c>&lt;stem&gt;_&lt;acq&gt;_NNNNN.tif</c> files of the same acquisition (see <see cref="FindSiblings"/>).</param>
    /// <param name="options">Reader options for every file.</param>
    public static ScanImageAcquisition Open(string path, bool includeSiblings = false, ReaderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Open(includeSiblings ? FindSiblings(path) : [path], options);
    }

    /// <summary>Opens files as one acquisition, in the order given.</summary>
    /// <param name="paths">The files.</param>
    /// <param name="options">Reader options for every file.</param>
    /// <exception cref="InvalidDataException">The files' ScanImage metadata disagree.</exception>
    public static ScanImageAcquisition Open(IEnumerable<string> paths, ReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var readers = new List<ScanImageTiffReader>();
        try
        {
            foreach (var path in paths)
            {
                readers.Add(ScanImageTiffReader.Open(path, options));
            }

            if (readers.Count == 0)
            {
                throw new ArgumentException("no files given", nameof(paths));
            }

            return Create(readers, ownsFiles: true);
        }
        catch
        {
            foreach (var r in readers)
            {
                r.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Views readers the caller keeps owning as one acquisition (disposing the view leaves them open).
    /// Throws <see cref="InvalidDataException"/> when their ScanImage metadata disagree.
    /// </summary>
    internal static ScanImageAcquisition Create(IReadOnlyList<ScanImageTiffReader> readers, bool ownsFiles)
    {
        ScanImageMetadata? metadata;
        try
        {
            metadata = ScanImageMetadata.Detect(readers[0]);
        }
        catch (NotSupportedException e)
        {
            // An unknown block version: the pixels stay readable; metadata and structure throw when asked for.
            return new ScanImageAcquisition([.. readers], null, ownsFiles, ExceptionDispatchInfo.Capture(e));
        }

        for (var i = 1; i < readers.Count; i++)
        {
            var other = ScanImageMetadata.Detect(readers[i]);
            if ((metadata is null) != (other is null) || (metadata is not null && (metadata.Era != other!.Era || !metadata.Section0.Span.SequenceEqual(other.Section0.Span))))
            {
                throw new InvalidDataException(
                    $"{readers[i].FilePath} does not belong to the same acquisition as {readers[0].FilePath}: their ScanImage metadata differ");
            }
        }

        return new ScanImageAcquisition([.. readers], metadata, ownsFiles);
    }

    /// <summary>
    /// The files of <paramref name="path"/>'s acquisition: for a name <c>&lt;stem&gt;_&lt;acq:5 digits&gt;_&lt;index:5 digits&gt;.ext</c>,
    /// every existing file with the same stem, acquisition number, channel suffix and extension, in index order; otherwise just the file.
    /// </summary>
    /// <param name="path">One file of the acquisition.</param>
    public static IReadOnlyList<string> FindSiblings(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (!ScanImageFileName.TryParse(Path.GetFileName(full), out var name))
        {
            return [path];
        }

        var siblings = new SortedDictionary<long, string>();
        foreach (var candidate in Directory.EnumerateFiles(Path.GetDirectoryName(full)!, name.Prefix + "*"))
        {
            if (ScanImageFileName.TryParse(Path.GetFileName(candidate), out var other) && other.IsSiblingOf(name))
            {
                siblings[other.Index] = candidate;
            }
        }

        return [.. siblings.Values];
    }

    /// <summary>
    /// The paths in acquisition order: when every name follows ScanImage's rule for one acquisition
    /// (<c>&lt;stem&gt;_&lt;acq&gt;_&lt;fileIdx&gt;</c>), sorted by file index; otherwise unchanged.
    /// </summary>
    /// <param name="paths">Files of one acquisition, in any order.</param>
    public static IReadOnlyList<string> InAcquisitionOrder(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var names = new ScanImageFileName[paths.Count];
        for (var i = 0; i < paths.Count; i++)
        {
            if (!ScanImageFileName.TryParse(Path.GetFileName(paths[i]), out var name) || (i > 0 && !name.IsSiblingOf(names[0])))
            {
                return paths;
            }

            names[i] = name;
        }

        var order = Enumerable.Range(0, paths.Count).OrderBy(i => names[i].Index).ToArray();
        return [.. order.Select(i => paths[i])];
    }

    /// <summary>
    /// The frames <paramref name="selection"/> picks (channels, slices, volumes, an IFD range, a ROI; flyback
    /// frames only when asked), resolved once, for reads, streams (<see cref="AcquisitionStreams"/>) and exports
    /// (<see cref="AcquisitionExport"/>).
    /// </summary>
    /// <param name="selection">What to pick; every imaged frame when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A channel, slice, volume, ROI or range that the acquisition does not have.</exception>
    /// <exception cref="ArgumentException">Structure is asked of a file that is not a ScanImage file.</exception>
    public SelectedFrames Select(AcquisitionSelection? selection = null) => SelectionResolver.Resolve(this, selection);

    /// <summary>
    /// An explicit list of global IFDs (any order, repeats allowed) as a selection, optionally cropped to one
    /// multi-ROI field: for tools that compute their own lists (the C library's <c>sitiff_read_ifds</c>).
    /// </summary>
    /// <param name="ifds">IFDs over all files, in the order they should be read.</param>
    /// <param name="roi">ROI index in <see cref="Rois"/> to crop every frame to, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An IFD or ROI the acquisition does not have.</exception>
    public SelectedFrames SelectIfds(ReadOnlySpan<int> ifds, int? roi = null)
    {
        for (var i = 0; i < ifds.Length; i++)
        {
            if ((uint)ifds[i] >= (uint)FrameCount)
            {
                throw new ArgumentOutOfRangeException(nameof(ifds), ifds[i], $"IFD {ifds[i]} is out of range: there are {FrameCount}");
            }
        }

        return new SelectedFrames(this, ifds.ToArray(), roi is { } r ? RoiAt(r) : null);
    }

    /// <summary>True when IFD <paramref name="ifd"/> can be read as a view of the mapping (see <see cref="FrameAccess.CanReadZeroCopy"/>).</summary>
    /// <param name="ifd">IFD index over all files.</param>
    public bool CanReadZeroCopy(int ifd)
    {
        var (f, i) = Resolve(ifd);
        return _files[f].CanReadZeroCopy(i);
    }

    /// <summary>The file holding IFD <paramref name="ifd"/> and the IFD's index inside it.</summary>
    /// <param name="ifd">IFD index over all files.</param>
    public (int File, int Frame) Resolve(int ifd)
    {
        if ((uint)ifd >= (uint)FrameCount)
        {
            throw new ArgumentOutOfRangeException(nameof(ifd), ifd, $"the acquisition has {FrameCount} IFDs");
        }

        var file = Array.BinarySearch(_starts, ifd);
        file = file >= 0 ? file : ~file - 1;
        while (_starts[file + 1] == _starts[file])
        {
            file++;
        }

        return (file, ifd - _starts[file]);
    }

    /// <summary>Index over all files of IFD 0 of file <paramref name="file"/>.</summary>
    /// <param name="file">File index.</param>
    public int FirstIfdOf(int file) => _starts[file];

    /// <summary>Describes IFD <paramref name="ifd"/> (global index).</summary>
    /// <param name="ifd">IFD index over all files.</param>
    public FrameInfo GetFrameInfo(int ifd)
    {
        var (f, i) = Resolve(ifd);
        return _files[f].GetFrameInfo(i);
    }

    /// <summary>The frame's samples, zero-copy when possible (see <see cref="ScanImageTiffReader.GetFrameMemory{T}"/>).</summary>
    /// <typeparam name="T">The CLR type of the samples.</typeparam>
    /// <param name="ifd">IFD index over all files.</param>
    public ReadOnlyMemory<T> GetFrameMemory<T>(int ifd)
        where T : unmanaged
    {
        var (f, i) = Resolve(ifd);
        return _files[f].GetFrameMemory<T>(i);
    }

    /// <summary>
    /// One multi-ROI field of one frame as a 2-D view into the page (zero-copy when the frame is).
    /// </summary>
    /// <typeparam name="T">The CLR type of the samples.</typeparam>
    /// <param name="ifd">IFD index over all files.</param>
    /// <param name="roi">ROI index in <see cref="Rois"/>.</param>
    public ReadOnlyMemory2D<T> GetRoiMemory<T>(int ifd, int roi)
        where T : unmanaged
    {
        var rect = RoiAt(roi);
        var info = GetFrameInfo(ifd);
        var page = GetFrameMemory<T>(ifd);
        CheckRoiFits(rect, info);
        return page.AsMemory2D((rect.Row * info.Width) + rect.Column, rect.Height, rect.Width, info.Width - rect.Width);
    }

    /// <summary>Copies one ROI of each listed IFD, one after another (frames × height × width), into a new array.</summary>
    /// <typeparam name="T">The CLR type of the samples.</typeparam>
    /// <param name="roi">ROI index in <see cref="Rois"/>.</param>
    /// <param name="ifds">IFDs over all files, e.g. from <see cref="AcquisitionStructure.Select"/>.</param>
    public T[] ReadRoi<T>(int roi, IReadOnlyList<int> ifds)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(ifds);
        var rect = RoiAt(roi);
        var result = GC.AllocateUninitializedArray<T>(checked(rect.Height * rect.Width * ifds.Count));
        SelectIfds([.. ifds], roi).Read<T>(result);
        return result;
    }

    /// <summary>Copies the listed IFDs (any order, any files) one after another into <paramref name="destination"/>.</summary>
    /// <typeparam name="T">The CLR type of the samples.</typeparam>
    /// <param name="ifds">IFDs over all files.</param>
    /// <param name="destination">Room for all their samples.</param>
    public void ReadFrames<T>(IReadOnlyList<int> ifds, Span<T> destination)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(ifds);
        SelectIfds([.. ifds]).Read(destination);
    }

    /// <summary>The parsed header (frame-varying data) of IFD <paramref name="ifd"/>.</summary>
    /// <param name="ifd">IFD index over all files.</param>
    public FrameHeader GetFrameHeader(int ifd)
    {
        var (f, i) = Resolve(ifd);
        var file = _files[f];
        try
        {
            return FrameHeader.Parse(file.GetDescriptionBytes(i));
        }
        catch (TiffFormatException e) when (file.Table.DescriptionOffsets[i] >= 0)
        {
            // The parser counts from the start of the description; name the byte in the file.
            throw e.Relocated(file.Table.DescriptionOffsets[i], file.FilePath);
        }
    }

    /// <summary>
    /// Frame numbers, timestamps and flags of every IFD as columns, read straight from the descriptions
    /// without a string or object per frame.
    /// </summary>
    public FrameHeaderColumns ReadFrameHeaderColumns()
    {
        // Chunks of frames are scanned on a bounded number of workers straight into the result's rows:
        // parsing, not I/O, is the cost once the descriptions are mapped, and writing each row once into
        // memory the caller keeps avoids touching fresh pages twice.
        const int ChunkFrames = 8192;
        var chunks = new List<(int File, int Start, int End, int Row)>();
        var rows = 0;
        for (var f = 0; f < _files.Length; f++)
        {
            for (var start = 0; start < _files[f].FrameCount; start += ChunkFrames)
            {
                var end = Math.Min(_files[f].FrameCount, start + ChunkFrames);
                chunks.Add((f, start, end, rows));
                rows += end - start;
            }
        }

        var columns = FrameHeaderColumns.Allocate(rows);
        try
        {
            Parallel.For(0, chunks.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, c =>
            {
                var (file, start, end, row) = chunks[c];
                ScanColumns(_files[file], start, end, columns, row);
            });
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
            throw;
        }

        return columns;
    }

    private static void ScanColumns(ScanImageTiffReader reader, int start, int end, FrameHeaderColumns columns, int row)
    {
        // Descriptions are a page or more apart, so each one is a cache and TLB miss; fetch a few frames ahead
        // (the fields sit in the first few hundred bytes) so the misses overlap with parsing.
        const int Ahead = 6;
        const int PrefetchBytes = 384;
        var mapped = reader.Source.IsMapped;
        var lengths = reader.Table.DescriptionLengths;
        byte[]? scratch = null;
        for (var i = start; i < end; i++)
        {
            if (mapped)
            {
                if (i + Ahead < end)
                {
                    Prefetch.Read(reader.GetDescriptionSpan(i + Ahead, default), PrefetchBytes);
                }
            }
            else if (lengths[i] > (scratch?.Length ?? 0))
            {
                scratch = new byte[lengths[i]];
            }

            var record = FrameHeaderRecord.Missing;
            FrameHeaderScanner.Scan(reader.GetDescriptionSpan(i, scratch), ref record);
            columns.Set(row++, record);
        }
    }

    /// <summary>Closes every file.</summary>
    public void Dispose()
    {
        if (!_ownsFiles)
        {
            return;
        }

        foreach (var r in _files)
        {
            r.Dispose();
        }
    }

    private AcquisitionStructure? DeriveStructure()
    {
        if (Metadata is null)
        {
            return null;
        }

        long? firstFrameNumber = null;
        if (Metadata.Era is not ScanImageEra.SI3 && FrameCount > 0)
        {
            firstFrameNumber = FrameHeader.Parse(_files[0].GetDescriptionBytes(0)).FrameNumber;
        }

        try
        {
            return AcquisitionStructure.Derive(Metadata, FrameCount, firstFrameNumber);
        }
        catch (InvalidDataException e)
        {
            var at = e.Data[AcquisitionStructure.KeyData] is string key ? OffsetOfKey(key) : -1;
            throw new InvalidDataException($"{_files[0].FilePath}: {e.Message}{(at >= 0 ? $" at byte offset {at}" : string.Empty)}", e);
        }
    }

    /// <summary>File offset of the first mention of <paramref name="key"/>'s last name in the frame-invariant metadata of file 0, or -1.</summary>
    private long OffsetOfKey(string key)
    {
        var reader = _files[0];
        var name = System.Text.Encoding.UTF8.GetBytes(key[(key.LastIndexOf('.') + 1)..]);
        if (reader.Block is { } block)
        {
            var at = Metadata!.Section0.Span.IndexOf(name);
            return at < 0 ? -1 : block.Section0Offset + at;
        }

        // Earlier eras keep their settings in the first frame's description.
        if (reader.FrameCount == 0 || reader.Table.DescriptionOffsets[0] < 0)
        {
            return -1;
        }

        var index = reader.GetDescriptionBytes(0).AsSpan().IndexOf(name);
        return index < 0 ? -1 : reader.Table.DescriptionOffsets[0] + index;
    }

    private RoiRectangle RoiAt(int roi)
    {
        var rois = Rois;
        if ((uint)roi >= (uint)rois.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(roi), roi, rois.Count == 0 ? "the acquisition has no multi-ROI fields" : $"the acquisition has {rois.Count} ROIs");
        }

        return rois[roi];
    }

    private static void CheckRoiFits(RoiRectangle rect, FrameInfo info)
    {
        if (rect.Row + rect.Height > info.Height || rect.Column + rect.Width > info.Width)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"ROI {rect.Index} ({rect.Height} x {rect.Width} at row {rect.Row}) does not fit frame {info.Index} ({info.Height} x {info.Width})"));
        }
    }
}
