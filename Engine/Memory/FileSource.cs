using Microsoft.Win32.SafeHandles;

namespace ScanImageTiff.Memory;

/// <summary>
/// Random access to the bytes of one file. The mapped implementation hands out spans that point
/// straight into the page cache; the pread implementation copies into caller scratch.
/// </summary>
internal abstract class FileSource : IDisposable
{
    private int _disposed;

    protected FileSource(string path, SafeFileHandle handle)
    {
        Path = path;
        Handle = handle;
    }

    public string Path { get; }

    protected SafeFileHandle Handle { get; }

    /// <summary>Bytes that may be read: the file length seen at open or at the last <see cref="Refresh"/>.</summary>
    public abstract long Length { get; }

    /// <summary>True when <see cref="GetSpan"/> never copies and typed zero-copy memory is available.</summary>
    public abstract bool IsMapped { get; }

    /// <summary>
    /// True for a mapping reused from an earlier reader of the unchanged file: the pages readers touch are faulted in
    /// once for all of them (the first reader read IFDs far apart with pread; the second faults their pages in).
    /// </summary>
    public virtual bool ReusesMapping => false;

    /// <summary>
    /// True when a pass through this source's mapping is as cheap as pread: the page cache holds the file in 2 MiB
    /// folios, which one page fault maps whole (<see cref="FolioProbe"/>), the file is too small for the difference to
    /// matter, or the system cannot tell (not Linux). False for pread sources. A mapped source probes once, when first
    /// asked.
    /// </summary>
    public virtual bool MapsCheaply => false;

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Returns the bytes [offset, offset + length). Mapped sources return a view of the mapping;
    /// others read into <paramref name="scratch"/> (which must hold <paramref name="length"/> bytes).
    /// The caller has checked the range against <see cref="Length"/>.
    /// </summary>
    public abstract ReadOnlySpan<byte> GetSpan(long offset, int length, Span<byte> scratch);

    /// <summary>Copies [offset, offset + destination.Length) into <paramref name="destination"/>.</summary>
    public abstract void Read(long offset, Span<byte> destination);

    /// <summary>
    /// <see cref="Read"/> for a file structure that lies far from the one read before (an IFD a frame away): no
    /// read-ahead is asked for the bytes after it, which the caller may never need (see <see cref="AdviseWillNeed"/>).
    /// </summary>
    public virtual void ReadStructure(long offset, Span<byte> destination) => Read(offset, destination);

    /// <summary>
    /// Copies [offset, offset + destination.Length) with pread, also for a mapped file: for small structures far
    /// apart, where faulting in the mapping's pages costs more than the system call.
    /// </summary>
    public void ReadUnmapped(long offset, Span<byte> destination)
    {
        ThrowIfDisposed();
        while (!destination.IsEmpty)
        {
            var n = RandomAccess.Read(Handle, destination, offset);
            if (n <= 0)
            {
                throw new TiffFormatException("unexpected end of file (the file shrank while open?)", offset, -1, Path);
            }

            destination = destination[n..];
            offset += n;
        }
    }

    /// <summary>
    /// <see cref="GetSpan"/> for a file structure (a description, a metadata block): a view of the mapping, or
    /// <see cref="ReadStructure"/> into <paramref name="scratch"/>.
    /// </summary>
    public ReadOnlySpan<byte> GetStructureSpan(long offset, int length, Span<byte> scratch)
    {
        if (IsMapped)
        {
            return GetSpan(offset, length, scratch);
        }

        var bytes = scratch[..length];
        ReadStructure(offset, bytes);
        return bytes;
    }

    /// <summary>
    /// Asks the OS to start reading [offset, offset + length) into the page cache without waiting for it (pread
    /// backend; a no-op for a mapping). The caller has checked the range against <see cref="Length"/>.
    /// </summary>
    public virtual void AdviseWillNeed(long offset, long length)
    {
    }

    /// <summary>
    /// Asks the OS to drop the clean cached pages of [offset, offset + length) (pread backend; a no-op for a mapping).
    /// Only the cache changes, never what a read returns. The caller has checked that <paramref name="length"/> &gt; 0.
    /// </summary>
    public virtual void AdviseDontNeed(long offset, long length)
    {
    }

    /// <summary>
    /// False when the byte at <paramref name="offset"/> would have to come from the disk (pread backend, Linux:
    /// <see cref="PageCache"/>); true when it is in the page cache or that cannot be told cheaply (a mapping).
    /// </summary>
    public virtual bool IsCached(long offset) => true;

    /// <summary>
    /// <see cref="Read"/> for part of a copy much larger than the cache: a mapped source copies with streaming
    /// stores (<see cref="StreamingCopy"/>; the calling thread must <see cref="StreamingCopy.Fence"/> when done).
    /// </summary>
    public virtual void ReadStreaming(long offset, Span<byte> destination) => Read(offset, destination);

    /// <summary>
    /// Re-reads the file's length (the file may be growing) and makes the new bytes readable.
    /// Memory handed out earlier stays valid. Returns the new <see cref="Length"/>.
    /// </summary>
    public abstract long Refresh();

    public static FileSource Open(string path, ReadBackend backend, bool shareMappings = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            // Auto maps only a file the page cache holds in 2 MiB folios, which is also when populating the mapping pays.
            var largeFolios = false;
            if (backend == ReadBackend.Auto)
            {
                largeFolios = FolioProbe.MapsLargeFolios(handle, RandomAccess.GetLength(handle));
                backend = largeFolios ? ReadBackend.Mapped : ReadBackend.RandomAccess;
            }

            return backend == ReadBackend.RandomAccess
                ? new RandomAccessFileSource(path, handle)
                : new MappedFileSource(path, handle, shareMappings, populate: largeFolios);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public void ThrowIfDisposed()
    {
        if (IsDisposed)
        {
            throw new ObjectDisposedException(Path, "The reader that owns this file (and every frame memory it handed out) has been disposed.");
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Dispose(true);
        Handle.Dispose();
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);
}
