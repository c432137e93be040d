using System.Buffers;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Acquisition;

/// <summary>
/// The frames an <see cref="AcquisitionSelection"/> picks from an acquisition, resolved once: their global
/// IFDs in acquisition order, where each sits (file, volume, slice, channel), the ROI they are cropped to,
/// and what the selection holds as a whole. Reads copy them back to back (in parallel for large runs);
/// <see cref="AcquisitionStreams"/> streams them.
/// </summary>
/// <remarks>Valid while the acquisition is open. Immutable; may be shared between threads.</remarks>
public sealed partial class SelectedFrames
{
    private readonly Lazy<FileRun[]> _runs;
    private readonly Lazy<(int[] Channels, int[] Slices, int[] Volumes, bool Flyback)> _contents;

    // The IFDs of a list selection, or null for the range [_rangeStart, _rangeStart + Count) (most selections: 100 000
    // frames need no 400 KB array to be hashed or copied). A range is listed only when Ifds asks (_listed).
    private readonly int[]? _list;
    private readonly int _rangeStart;
    private int[]? _listed;

    internal SelectedFrames(ScanImageAcquisition acquisition, int[] ifds, RoiRectangle? roi)
        : this(acquisition, roi, ifds.Length)
    {
        _list = ifds;
    }

    /// <summary>Global IFDs [<paramref name="start"/>, <paramref name="end"/>).</summary>
    internal SelectedFrames(ScanImageAcquisition acquisition, int start, int end, RoiRectangle? roi)
        : this(acquisition, roi, end - start)
    {
        _rangeStart = start;
    }

    private SelectedFrames(ScanImageAcquisition acquisition, RoiRectangle? roi, int count)
    {
        Acquisition = acquisition;
        Roi = roi;
        Count = count;
        _runs = new Lazy<FileRun[]>(BuildRuns);
        _contents = new Lazy<(int[], int[], int[], bool)>(Survey);
    }

    /// <summary>The acquisition the frames come from.</summary>
    public ScanImageAcquisition Acquisition { get; }

    /// <summary>Number of frames selected.</summary>
    public int Count { get; }

    /// <summary>The global IFD indices in read order (ascending, except for <see cref="ScanImageAcquisition.SelectIfds"/> lists).</summary>
    public ReadOnlySpan<int> Ifds => _list ?? Volatile.Read(ref _listed) ?? ListRange();

    /// <summary>The global IFD of selected frame <paramref name="k"/>.</summary>
    internal int IfdAt(int k)
    {
        if (_list is { } list)
        {
            return list[k];
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)k, (uint)Count, nameof(k));
        return _rangeStart + k;
    }

    /// <summary>The range as a list, made once (published whole: other threads may be reading the selection).</summary>
    private int[] ListRange()
    {
        int[] list = [.. Enumerable.Range(_rangeStart, Count)];
        return Interlocked.CompareExchange(ref _listed, list, null) ?? list;
    }

    /// <summary>The multi-ROI field every frame is cropped to, or null for whole pages.</summary>
    public RoiRectangle? Roi { get; }

    /// <summary>The ScanImage channel numbers present, ascending (1 for a plain TIFF).</summary>
    public IReadOnlyList<int> Channels => _contents.Value.Channels;

    /// <summary>The z planes present, ascending (flyback frames excluded; 0 for a plain TIFF).</summary>
    public IReadOnlyList<int> Slices => _contents.Value.Slices;

    /// <summary>The volumes present, ascending (0 for a plain TIFF).</summary>
    public IReadOnlyList<int> Volumes => _contents.Value.Volumes;

    /// <summary>True when flyback frames were kept (<see cref="AcquisitionSelection.IncludeFlyback"/>) and some are selected.</summary>
    public bool IncludesFlyback => _contents.Value.Flyback;

    /// <summary>Where selected frame <paramref name="k"/> sits in the acquisition.</summary>
    /// <param name="k">0-based position in the selection.</param>
    public FrameCoordinates GetCoordinates(int k) => Coordinates(Acquisition, IfdAt(k));

    /// <summary>The file (index in <see cref="ScanImageAcquisition.Files"/>) and the IFD inside it of selected frame <paramref name="k"/>.</summary>
    /// <param name="k">0-based position in the selection.</param>
    public (int File, int Frame) Locate(int k) => Acquisition.Resolve(IfdAt(k));

    /// <summary>Shape and sample type of selected frame <paramref name="k"/> as read (cropped to <see cref="Roi"/>).</summary>
    /// <param name="k">0-based position in the selection.</param>
    /// <exception cref="NotSupportedException">The frame's encoding cannot be decoded.</exception>
    public FrameShape GetShape(int k)
    {
        var (file, frame) = Locate(k);
        var reader = Acquisition.Files[file];
        FramePixels.ByteCount(reader, frame);
        var info = reader.GetFrameInfo(frame);
        if (Roi is { } roi && (roi.Row + roi.Height > info.Height || roi.Column + roi.Width > info.Width))
        {
            throw new InvalidOperationException(
                $"ROI {roi.Index} ({roi.Height} x {roi.Width} at row {roi.Row}) does not fit IFD {IfdAt(k)} ({info.Height} x {info.Width})");
        }

        return Roi is { } r
            ? new FrameShape(r.Width, r.Height, info.SamplesPerPixel, info.PixelType!.Value)
            : new FrameShape(info.Width, info.Height, info.SamplesPerPixel, info.PixelType!.Value);
    }

    /// <summary>The one shape of every selected frame, or null when they differ (or nothing is selected).</summary>
    /// <exception cref="NotSupportedException">A frame's encoding cannot be decoded.</exception>
    public FrameShape? GetUniformShape()
    {
        if (Count == 0)
        {
            return null;
        }

        var first = GetShape(0);
        for (var k = SameShapeEnd(0); k < Count; k = SameShapeEnd(k))
        {
            if (GetShape(k) != first)
            {
                return null;
            }
        }

        return first;
    }

    /// <summary>Bytes of all selected samples (cropped).</summary>
    /// <exception cref="NotSupportedException">A frame's encoding cannot be decoded.</exception>
    public long GetByteCount()
    {
        long total = 0;
        for (var k = 0; k < Count;)
        {
            var end = SameShapeEnd(k);
            total += GetShape(k).ByteCount * (end - k);
            k = end;
        }

        return total;
    }

    /// <summary>True when selected frame <paramref name="k"/> can be read without a copy (see <see cref="FrameAccess.CanReadZeroCopy"/>; a ROI must span whole rows).</summary>
    /// <param name="k">0-based position in the selection.</param>
    public bool CanReadZeroCopy(int k)
    {
        var (file, frame) = Locate(k);
        var reader = Acquisition.Files[file];
        return reader.CanReadZeroCopy(frame) && (Roi is null || SpansRows(Roi, reader.GetFrameInfo(frame)));
    }

    /// <summary>Frame coordinates of a global IFD; a plain TIFF is one channel, one slice, one volume.</summary>
    internal static FrameCoordinates Coordinates(ScanImageAcquisition acquisition, int ifd) =>
        acquisition.StructureIfReadable is { } s ? s.Locate(ifd) : new FrameCoordinates(ifd, 0, 0, ifd, ifd, 0, 1, false);

    /// <summary>True when the ROI is whole rows of the page: its pixels are one run (a view, no copy).</summary>
    internal static bool SpansRows(RoiRectangle roi, in FrameInfo page) => roi.Column == 0 && roi.Width == page.Width;

    /// <summary>Copies rectangle <paramref name="roi"/> of a page into <paramref name="destination"/>.</summary>
    internal static void CopyRoi(ReadOnlySpan<byte> page, in FrameInfo info, RoiRectangle roi, Span<byte> destination)
    {
        if (roi.Row + roi.Height > info.Height || roi.Column + roi.Width > info.Width)
        {
            throw new InvalidOperationException(
                $"ROI {roi.Index} ({roi.Height} x {roi.Width} at row {roi.Row}) does not fit IFD {info.Index} ({info.Height} x {info.Width})");
        }

        var pixel = info.SamplesPerPixel * info.PixelType!.Value.Size();
        var rowBytes = roi.Width * pixel;
        for (var y = 0; y < roi.Height; y++)
        {
            page.Slice((((roi.Row + y) * info.Width) + roi.Column) * pixel, rowBytes).CopyTo(destination.Slice(y * rowBytes, rowBytes));
        }
    }

    /// <summary>
    /// Selected frame <paramref name="k"/>'s bytes and its stored description from ONE read into
    /// <paramref name="pageScratch"/>, when the frame is read with pread, whole (no ROI), and its description lies just
    /// before its pixels (<see cref="Reading.FrameReader.TryGetDescriptionPrefix"/>); false otherwise, and the caller
    /// reads them apart. The description is as stored (<see cref="ScanImageTiffReader.GetDescriptionSpan"/>).
    /// </summary>
    internal bool TryFrameAndDescription(int k, scoped ref byte[]? pageScratch, out ReadOnlySpan<byte> pixels, out ReadOnlySpan<byte> description)
    {
        var (file, frame) = Locate(k);
        var reader = Acquisition.Files[file];
        if (Roi is not null || !reader.Frames.TryGetDescriptionPrefix(frame, out var prefix))
        {
            pixels = description = default;
            return false;
        }

        var n = FramePixels.ByteCount(reader, frame);
        var buffer = Rent(ref pageScratch, prefix + n).AsSpan(0, prefix + n);
        var start = reader.Frames.ReadWithPrefix(frame, prefix, buffer);
        description = buffer.Slice(start, reader.GetDescriptionByteCount(frame));
        pixels = buffer[prefix..];
        return true;
    }

    /// <summary>
    /// Selected frame <paramref name="k"/>'s bytes (cropped): a view of the mapping when possible, else copied
    /// into <paramref name="pageScratch"/> / <paramref name="cropScratch"/> (rented from the shared pool and
    /// grown as needed; the caller returns them with <see cref="Return"/>).
    /// </summary>
    internal ReadOnlySpan<byte> FrameBytes(int k, scoped ref byte[]? pageScratch, scoped ref byte[]? cropScratch)
    {
        var (file, frame) = Locate(k);
        var reader = Acquisition.Files[file];
        var n = FramePixels.ByteCount(reader, frame);
        ReadOnlySpan<byte> page;
        if (reader.TryGetFrameBytes(frame, out var view))
        {
            page = view.Span;
        }
        else
        {
            var copy = Rent(ref pageScratch, n).AsSpan(0, n);
            reader.CopyFrameBytes(frame, copy);
            page = copy;
        }

        if (Roi is not { } roi)
        {
            return page;
        }

        var info = reader.GetFrameInfo(frame);
        var rowBytes = info.Width * info.SamplesPerPixel * info.PixelType!.Value.Size();
        if (SpansRows(roi, info) && roi.Row + roi.Height <= info.Height)
        {
            return page.Slice(roi.Row * rowBytes, roi.Height * rowBytes);
        }

        var cropBytes = roi.Height * roi.Width * info.SamplesPerPixel * info.PixelType!.Value.Size();
        var crop = Rent(ref cropScratch, cropBytes).AsSpan(0, cropBytes);
        CopyRoi(page, info, roi, crop);
        return crop;
    }

    /// <summary>Returns a scratch array of <see cref="FrameBytes"/> to the pool.</summary>
    internal static void Return(byte[]? scratch)
    {
        if (scratch is not null)
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static byte[] Rent(ref byte[]? scratch, int length)
    {
        if (scratch is null || scratch.Length < length)
        {
            Return(scratch);
            scratch = ArrayPool<byte>.Shared.Rent(length);
        }

        return scratch;
    }

    /// <summary>
    /// The end of the stretch of selected frames from <paramref name="k"/> on that <see cref="GetShape"/> answers alike
    /// for (shape, or the exception): frames that follow it in the same file, when every frame of that file has one
    /// layout. Else <paramref name="k"/> + 1. So whole-file selections of a 100 000-frame stack are sized in one step.
    /// </summary>
    private int SameShapeEnd(int k)
    {
        var (file, _) = Locate(k);
        return Acquisition.Files[file].Table.Layouts.Count == 1 ? FileRunEnd(k, file) : k + 1;
    }

    /// <summary>The end of the stretch of selected frames from <paramref name="k"/> on (which lies in <paramref name="file"/>) that lie in that file.</summary>
    private int FileRunEnd(int k, int file)
    {
        var first = Acquisition.FirstIfdOf(file);
        var end = first + Acquisition.Files[file].FrameCount;
        if (_list is not { } ifds)
        {
            // IFD k lies in [first, end), and so do the ones after it up to the file's end.
            return (int)Math.Min(Count, (long)k + end - IfdAt(k));
        }

        var stop = k + 1;
        while (stop < ifds.Length && ifds[stop] >= first && ifds[stop] < end)
        {
            stop++;
        }

        return stop;
    }

    /// <summary>Maximal runs of consecutive selected frames in one file, as file-local selections for the interval copier.</summary>
    internal ReadOnlySpan<FileRun> Runs => _runs.Value;

    private FileRun[] BuildRuns()
    {
        var runs = new List<FileRun>();
        var k = 0;
        while (k < Count)
        {
            var (file, _) = Locate(k);
            var stop = FileRunEnd(k, file);
            runs.Add(new FileRun(file, k, LocalSelection(k, stop, Acquisition.FirstIfdOf(file))));
            k = stop;
        }

        return [.. runs];
    }

    /// <summary>Selected frames [k, stop) as file-local indices: a range when they are consecutive IFDs (most selections), else a list.</summary>
    private Streaming.FrameSelection LocalSelection(int k, int stop, int first)
    {
        var consecutive = true;
        for (var i = k + 1; i < stop && consecutive && _list is not null; i++)
        {
            consecutive = IfdAt(i) == IfdAt(i - 1) + 1;
        }

        if (consecutive)
        {
            return Streaming.FrameSelection.Range(IfdAt(k) - first, IfdAt(stop - 1) - first + 1);
        }

        var local = new int[stop - k];
        for (var i = 0; i < local.Length; i++)
        {
            local[i] = IfdAt(k + i) - first;
        }

        return Streaming.FrameSelection.FromIndices(local);
    }

    private (int[], int[], int[], bool) Survey()
    {
        var channels = new SortedSet<int>();
        var slices = new SortedSet<int>();
        var volumes = new SortedSet<int>();
        var flyback = false;
        for (var k = 0; k < Count; k++)
        {
            var p = Coordinates(Acquisition, IfdAt(k));
            channels.Add(p.Channel);
            volumes.Add(p.Volume);
            if (p.IsFlyback)
            {
                flyback = true;
            }
            else
            {
                slices.Add(p.Slice);
            }
        }

        return ([.. channels], [.. slices], [.. volumes], flyback);
    }

    /// <summary>Selected frames [<see cref="First"/>, <see cref="First"/> + Local.Count) all lie in file <see cref="File"/>.</summary>
    internal readonly record struct FileRun(int File, int First, Streaming.FrameSelection Local);
}
