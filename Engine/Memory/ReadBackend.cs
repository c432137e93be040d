namespace ScanImageTiff;

/// <summary>How a reader gets at the file's bytes.</summary>
public enum ReadBackend
{
    /// <summary>
    /// Memory-map the file (default): frames are handed out zero-copy and reads run at memory speed.
    /// A mapped file that is truncated by another process while mapped kills the process (SIGBUS);
    /// use <see cref="RandomAccess"/> for files that may shrink, and for network shares.
    /// </summary>
    Mapped,

    /// <summary>Positional reads (pread): every read copies, but nothing is mapped.</summary>
    RandomAccess,
}
