using Microsoft.Win32.SafeHandles;

namespace ScanImageTiff.Memory;

/// <summary>pread-based access: no mapping, so a file that shrinks under us yields an error, not SIGBUS.</summary>
internal sealed class RandomAccessFileSource : FileSource
{
    // How far ahead of the furthest read the kernel is asked to read (FileAdvice): the pixel pass goes forward through
    // the file, and with a cold cache and the kernel's default read-ahead (128 KiB) each read would wait for the disk.
    private const long AdviseAheadBytes = 32L << 20;

    // A device whose own read-ahead window is at least this large streams a forward pass by itself, and asking ahead on
    // top of it only slowed it (read_ahead_kb 8192 here: a cold checksum of the 0.5 GB stack, medians of 15 cold runs,
    // 192 ms asking 32 MiB ahead in 2 MiB pieces, 212-228 ms with 8 or 16 MiB, 154 ms not asking; dd 117 ms).
    private const long LargeKernelReadAhead = 4L << 20;

    private long _length;
    private long _advisedEnd;

    public RandomAccessFileSource(string path, SafeFileHandle handle)
        : base(path, handle)
    {
        _length = RandomAccess.GetLength(handle);
        FileAdvice.AdviseSequential(handle);
        AdvisesAhead = FileAdvice.KernelReadAheadBytes(handle) < LargeKernelReadAhead; // -1 (unknown) asks ahead too
    }

    public override long Length => Volatile.Read(ref _length);

    /// <summary>Whether reads ask the kernel for the bytes ahead of them (only where its own read-ahead is small).</summary>
    internal bool AdvisesAhead { get; }

    public override bool IsMapped => false;

    public override ReadOnlySpan<byte> GetSpan(long offset, int length, Span<byte> scratch)
    {
        var target = scratch[..length];
        Read(offset, target);
        return target;
    }

    public override void Read(long offset, Span<byte> destination)
    {
        ThrowIfDisposed();
        var advised = Volatile.Read(ref _advisedEnd);
        if (AdvisesAhead && offset + destination.Length > advised - (AdviseAheadBytes / 2))
        {
            // Keep at least half a window requested ahead; a race between readers only repeats a hint.
            var to = offset + destination.Length + AdviseAheadBytes;
            Volatile.Write(ref _advisedEnd, to);
            var from = Math.Max(offset, advised);
            FileAdvice.AdviseWillNeed(Handle, from, to - from);
        }

        ReadUnmapped(offset, destination);
    }

    public override void ReadStructure(long offset, Span<byte> destination) => ReadUnmapped(offset, destination);

    public override void AdviseWillNeed(long offset, long length) => FileAdvice.AdviseWillNeed(Handle, offset, length);

    public override void AdviseDontNeed(long offset, long length) => FileAdvice.AdviseDontNeed(Handle, offset, length);

    public override bool IsCached(long offset) => PageCache.IsCached(Handle, offset);

    public override long Refresh()
    {
        ThrowIfDisposed();
        var length = RandomAccess.GetLength(Handle);
        Volatile.Write(ref _length, length);
        return length;
    }

    protected override void Dispose(bool disposing)
    {
    }
}
