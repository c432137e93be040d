namespace ScanImageTiff.Streaming;

/// <summary>How a stream's producer makes the pages of a zero-copy frame resident before queueing it.</summary>
public enum PageTouch
{
    /// <summary>Do nothing: the consumer takes the page faults (and any disk reads) itself.</summary>
    None,

    /// <summary>
    /// Read one byte of every 4 KiB page on the producer thread (default). The producer takes the
    /// faults, so by the time the consumer sees the frame its pages are read and mapped into this
    /// process: the consumer never waits on a page fault.
    /// </summary>
    Read,

    /// <summary>
    /// <c>madvise(MADV_WILLNEED)</c>: asks the kernel to start reading the pages in the background and
    /// returns at once. Cheaper for the producer, but the consumer still takes a (minor) fault per
    /// page-table entry. Falls back to <see cref="Read"/> where <c>madvise</c> is unavailable.
    /// </summary>
    WillNeed,
}
