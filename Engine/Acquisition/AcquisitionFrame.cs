using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Acquisition;

/// <summary>
/// One frame of an acquisition-level stream: its pixels (cropped to the selection's ROI) and where it sits
/// (file, IFD, volume, slice, channel). A small struct: streaming it allocates nothing.
/// </summary>
/// <typeparam name="T">The CLR type of the samples, or <see cref="byte"/> for an untyped stream (see <see cref="PixelType"/>).</typeparam>
/// <remarks>
/// Lifetime: when <see cref="IsCopy"/> is false, <see cref="Pixels"/> is a view of the mapped file, valid until
/// the acquisition (or, when following, the enumeration) ends. When it is true, the pixels sit in a pooled
/// buffer that the stream takes back when the loop moves to the next frame or ends: copy what must outlive
/// the loop body.
/// </remarks>
public readonly struct AcquisitionFrame<T>
    where T : unmanaged
{
    private readonly ReadOnlyMemory<byte> _description;
    private readonly bool _hasDescription;

    internal AcquisitionFrame(ScanImageTiffReader reader, int file, int ifdInFile, int ordinal, FrameCoordinates coordinates, FrameShape shape, ReadOnlyMemory<T> pixels, bool isCopy)
    {
        Reader = reader;
        File = file;
        IfdInFile = ifdInFile;
        Ordinal = ordinal;
        Coordinates = coordinates;
        Shape = shape;
        Pixels = pixels;
        IsCopy = isCopy;
    }

    /// <summary>A frame whose description was read with its pixels, into the same pooled buffer.</summary>
    internal AcquisitionFrame(ScanImageTiffReader reader, int file, int ifdInFile, int ordinal, FrameCoordinates coordinates, FrameShape shape, ReadOnlyMemory<T> pixels, ReadOnlyMemory<byte> description)
        : this(reader, file, ifdInFile, ordinal, coordinates, shape, pixels, isCopy: true)
    {
        _description = description;
        _hasDescription = true;
    }

    /// <summary>The reader of the file the frame is in (its descriptions and frame info live there).</summary>
    public ScanImageTiffReader Reader { get; }

    /// <summary>Index of the file among the acquisition's files.</summary>
    public int File { get; }

    /// <summary>0-based IFD index inside <see cref="Reader"/>'s file.</summary>
    public int IfdInFile { get; }

    /// <summary>0-based position in the stream.</summary>
    public int Ordinal { get; }

    /// <summary>Global IFD index, volume, slice, frame in slice, channel and flyback flag.</summary>
    public FrameCoordinates Coordinates { get; }

    /// <summary>Global IFD index over the acquisition's files (<see cref="FrameCoordinates.Ifd"/>).</summary>
    public int Ifd => Coordinates.Ifd;

    /// <summary>Width, height, samples per pixel and sample type of <see cref="Pixels"/>.</summary>
    public FrameShape Shape { get; }

    /// <summary>The sample type (what the bytes of an untyped stream hold).</summary>
    public PixelType PixelType => Shape.PixelType;

    /// <summary>The samples, row-major, host byte order.</summary>
    public ReadOnlyMemory<T> Pixels { get; }

    /// <summary>True when <see cref="Pixels"/> is a pooled copy (lent until the loop moves on), false for a view of the mapping.</summary>
    public bool IsCopy { get; }

    /// <summary>The frame's ImageDescription (the ScanImage frame header) as text.</summary>
    public string GetDescription() =>
        _hasDescription ? ScanImageTiffReader.DescriptionText(_description.Span) : Reader.GetDescription(IfdInFile);

    /// <summary>
    /// The ImageDescription bytes as stored: a view of the mapping when mapped; with pread, when the description lies
    /// just before the pixels (as ScanImage writes it), a view of the pooled buffer the pixels were read into with the
    /// same read, lent like <see cref="Pixels"/> until the loop moves on; else a new array.
    /// </summary>
    public ReadOnlyMemory<byte> GetDescriptionBytes() =>
        _hasDescription ? _description : Streaming.ReaderInternals.GetDescriptionMemory(Reader, IfdInFile);
}
