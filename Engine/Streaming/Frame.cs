namespace ScanImageTiff.Streaming;

/// <summary>
/// One frame of a stream: its IFD index, its pixels and, on request, its ImageDescription.
/// A small struct: streaming it allocates nothing.
/// </summary>
/// <typeparam name="T">The CLR type of the frame's samples.</typeparam>
/// <remarks>
/// <para>Lifetime: <see cref="Pixels"/> points into the mapped file (unless <see cref="IsCopy"/>) and is
/// valid until the reader is disposed; afterwards <c>Pixels.Span</c> throws
/// <see cref="ObjectDisposedException"/>. A span taken before dispose must not be used after it. Frames
/// from <see cref="FrameFollower"/> live until the follow enumeration ends (it owns its readers).</para>
/// <para>The description is not read until asked for: a stream of pixels never touches the description pages.</para>
/// </remarks>
public readonly struct Frame<T>
    where T : unmanaged
{
    internal Frame(ScanImageTiffReader reader, int index, int ordinal, long tag, ReadOnlyMemory<T> pixels, bool isCopy)
    {
        Reader = reader;
        Index = index;
        Ordinal = ordinal;
        Tag = tag;
        Pixels = pixels;
        IsCopy = isCopy;
    }

    /// <summary>The reader the frame comes from (its file, shape and description live there).</summary>
    public ScanImageTiffReader Reader { get; }

    /// <summary>0-based frame (IFD) index in <see cref="Reader"/>'s file.</summary>
    public int Index { get; }

    /// <summary>0-based position in the stream (the position in the <see cref="FrameSelection"/>; across files when following).</summary>
    public int Ordinal { get; }

    /// <summary>The selection's tag for this frame (<see cref="FrameSelection.TagAt"/>), 0 when it has none.</summary>
    public long Tag { get; }

    /// <summary>The samples, row-major, in native byte order.</summary>
    public ReadOnlyMemory<T> Pixels { get; }

    /// <summary>
    /// True when the frame could not be handed out zero-copy (byte-swapped, split into scattered strips,
    /// or read without a mapping) and <see cref="Pixels"/> is a private copy, which stays valid after the reader is disposed.
    /// </summary>
    public bool IsCopy { get; }

    /// <summary>Byte count of the frame's ImageDescription tag (NUL included), 0 when absent.</summary>
    public int DescriptionByteCount => Reader.GetDescriptionByteCount(Index);

    /// <summary>Shape, sample type and offsets of the frame.</summary>
    public FrameInfo GetInfo() => Reader.GetFrameInfo(Index);

    /// <summary>The ImageDescription as text, trailing spaces and NULs removed (see <see cref="ScanImageTiffReader.GetDescription"/>).</summary>
    public string GetDescription() => Reader.GetDescription(Index);

    /// <summary>
    /// The ImageDescription bytes exactly as stored (NUL and padding included): a view of the mapping
    /// when the file is mapped (valid until the reader is disposed), otherwise a new array.
    /// </summary>
    public ReadOnlyMemory<byte> GetDescriptionBytes() => Reader.GetDescriptionMemory(Index);
}
