namespace ScanImageTiff;

/// <summary>
/// Thrown when a file is not a well-formed TIFF/BigTIFF file: a bad header, an IFD or strip that
/// points outside the file, an IFD loop, an absurd entry count, inconsistent tag counts; and when its
/// ScanImage metadata is malformed JSON. The byte offset of the offending structure is available as
/// <see cref="FileOffset"/> and is part of <see cref="Exception.Message"/>.
/// </summary>
/// <remarks>
/// Valid files that use features this reader does not decode (compression, tiles, planar
/// configuration 2, unusual bit depths) raise <see cref="NotSupportedException"/> instead.
/// </remarks>
public sealed class TiffFormatException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problem">What is wrong, without the offset (it is appended).</param>
    /// <param name="fileOffset">Byte offset in the file of the structure that is wrong.</param>
    /// <param name="ifdIndex">0-based index of the IFD being read, or -1 when not inside an IFD.</param>
    /// <param name="filePath">The file, when known.</param>
    public TiffFormatException(string problem, long fileOffset, int ifdIndex = -1, string? filePath = null)
        : base(Compose(problem, fileOffset, ifdIndex, filePath))
    {
        Problem = problem;
        FileOffset = fileOffset;
        IfdIndex = ifdIndex;
        FilePath = filePath;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public TiffFormatException()
        : this("malformed TIFF file", 0)
    {
    }

    /// <summary>Creates the exception with a message and no offset.</summary>
    public TiffFormatException(string message)
        : this(message, 0)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public TiffFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = message;
        IfdIndex = -1;
    }

    /// <summary>Creates the exception for a problem found while parsing something else (<paramref name="innerException"/>).</summary>
    internal TiffFormatException(string problem, long fileOffset, Exception? innerException)
        : base(Compose(problem, fileOffset, -1, null), innerException)
    {
        Problem = problem;
        FileOffset = fileOffset;
        IfdIndex = -1;
    }

    private TiffFormatException(string problem, long fileOffset, int ifdIndex, string? filePath, Exception? innerException)
        : base(Compose(problem, fileOffset, ifdIndex, filePath), innerException)
    {
        Problem = problem;
        FileOffset = fileOffset;
        IfdIndex = ifdIndex;
        FilePath = filePath;
    }

    /// <summary>The problem, without position information.</summary>
    public string Problem { get; }

    /// <summary>
    /// Byte offset in the file of the structure that is wrong. For malformed ScanImage metadata JSON read from
    /// a file (a ScanImage section, the Software/Artist tags, a frame description) it is the file offset of the
    /// offending byte; only when a metadata parser is given bytes directly is it the offset in those bytes.
    /// </summary>
    public long FileOffset { get; }

    /// <summary>0-based IFD index, or -1 when the problem is outside any IFD (header, metadata block).</summary>
    public int IfdIndex { get; }

    /// <summary>The file's path, when known.</summary>
    public string? FilePath { get; }

    /// <summary>
    /// This error moved to where the parsed text starts in the file: metadata parsers count from the start of
    /// the text they are given, and the caller that read that text from <paramref name="filePath"/> knows where it was.
    /// </summary>
    internal TiffFormatException Relocated(long textOffset, string? filePath)
    {
        var moved = new TiffFormatException(Problem, FileOffset + textOffset, IfdIndex, filePath ?? FilePath, InnerException);
        foreach (System.Collections.DictionaryEntry entry in Data)
        {
            moved.Data[entry.Key] = entry.Value;
        }

        return moved;
    }

    internal TiffFormatException WithPath(string path) =>
        FilePath is null ? new TiffFormatException(Problem, FileOffset, IfdIndex, path) : this;

    private static string Compose(string problem, long fileOffset, int ifdIndex, string? filePath)
    {
        var where = ifdIndex >= 0
            ? $"at byte offset {fileOffset} (IFD {ifdIndex})"
            : $"at byte offset {fileOffset}";
        return filePath is null ? $"{problem} {where}" : $"{filePath}: {problem} {where}";
    }
}
