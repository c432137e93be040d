using Microsoft.Win32.SafeHandles;

namespace ScanImageTiff.Memory;

/// <summary>pread-based access: no mapping, so a file that shrinks under us yields an error, not SIGBUS.</summary>
internal sealed class RandomAccessFileSource : FileSource
{
    private long _length;

    public RandomAccessFileSource(string path, SafeFileHandle handle)
        : base(path, handle)
    {
        _length = RandomAccess.GetLength(handle);
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
