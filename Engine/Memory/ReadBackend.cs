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

    /// <summary>
    /// <see cref="Mapped"/> when a mapping of the file is cheap, else <see cref="RandomAccess"/>, decided at open
    /// (<see cref="ScanImageTiffReader.Backend"/> says which). A mapping is cheap when the page cache holds the file in
    /// 2 MiB folios, which one page fault maps whole (Linux 6.x: large writes and some read-ahead leave them). Pages in
    /// smaller folios (`cp` and small writes leave 4 KiB ones), pages not cached at all, files under 4 MiB and other
    /// systems are read with pread, which copies each byte once but pays no page fault per 64 KiB and no TLB miss per
    /// 4 KiB. For passes over whole files, such as a stream of every frame; frames are zero-copy only when it resolves
    /// to <see cref="Mapped"/> (check <c>TryGetFrameMemory</c>). Like <see cref="Mapped"/>, not for files that may
    /// shrink while open: the probe itself maps 2 MiB of the file for a moment.
    /// </summary>
    Auto,
}
