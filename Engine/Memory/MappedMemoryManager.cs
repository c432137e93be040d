using System.Buffers;

namespace ScanImageTiff.Memory;

/// <summary>
/// Exposes a region of a mapping as <see cref="Memory{T}"/>. Every span request checks that the
/// owning file is still open, so memory used after the reader is disposed throws
/// <see cref="ObjectDisposedException"/> instead of reading unmapped pages.
/// </summary>
internal sealed unsafe class MappedMemoryManager<T>(FileSource owner, byte* pointer, int length) : MemoryManager<T>
    where T : unmanaged
{
    public long ByteLength => (long)length * sizeof(T);

    public override Span<T> GetSpan()
    {
        owner.ThrowIfDisposed();
        return new Span<T>(pointer, length);
    }

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        owner.ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, length);
        return new MemoryHandle(pointer + ((long)elementIndex * sizeof(T)));
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
