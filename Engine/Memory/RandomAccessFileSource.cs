using Microsoft.Win32.SafeHandles;

namespace ScanImageTiff.Memory;

/// <summary>pread-based access: no mapping, so a file that shrinks under us yields an error, not SIGBUS.</summary>
internal sealed class RandomAccessFileSource : FileSource
{
    // How far ahead of the furthest read the kernel is asked to read (FileAdvice): the IFD walk and the pixel pass go
    // forward through the file, and with a cold cache each of their reads would otherwise wait for the disk.
    private const long AdviseAheadBytes = 32L << 20;

    private long _length;
    private long _advisedEnd;

    public RandomAccessFileSource(string path, SafeFileHandle handle)
        : base(path, handle)
    {
        _length = RandomAccess.GetLength(handle);
        FileAdvice.AdviseSequential(handle);
    }

    public override long Length => Volatile.Read(ref _length);

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
        if (offset + destination.Length > advised - (AdviseAheadBytes / 2))
        {
            // Keep at least half a window requested ahead; a race between readers only repeats a hint.
            var to = offset + destination.Length + AdviseAheadBytes;
            Volatile.Write(ref _advisedEnd, to);
            var from = Math.Max(offset, advised);
            FileAdvice.AdviseWillNeed(Handle, from, to - from);
        }

        ReadExactly(offset, destination);
    }

    public override void ReadStructure(long offset, Span<byte> destination)
    {
        ThrowIfDisposed();
        ReadExactly(offset, destination);
    }

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

    private void ReadExactly(long offset, Span<byte> destination)
    {
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
}
