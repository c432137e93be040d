using ScanImageTiff.Memory;

namespace ScanImageTiff;

/// <summary>
/// A block of native memory, page-aligned, for results larger than a .NET array can hold (a 6 GB
/// stack). Free it with <see cref="Dispose"/>; the finalizer frees it if you forget.
/// </summary>
/// <remarks>
/// On Linux a buffer of 4 MiB or more is 2 MiB-aligned and asks for transparent huge pages, so filling it
/// takes one page fault per 2 MiB instead of one per 4 KiB.
/// </remarks>
/// <typeparam name="T">Element type.</typeparam>
public sealed unsafe class NativeBuffer<T> : IDisposable
    where T : unmanaged
{
    private T* _pointer;
    private PageMemory.Block _block;

    /// <summary>Allocates <paramref name="length"/> uninitialised elements.</summary>
    /// <param name="length">Number of elements.</param>
    public NativeBuffer(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        var bytes = checked((nuint)length * (nuint)sizeof(T));
        // No GC.AddMemoryPressure: for gigabyte buffers it forces a full collection on every read.
        // The owner disposes the buffer; the finalizer is only a safety net.
        _block = PageMemory.Allocate(bytes);
        _pointer = (T*)_block.Pointer;
    }

    /// <summary>Frees the memory if <see cref="Dispose"/> was not called.</summary>
    ~NativeBuffer() => Free();

    /// <summary>Number of elements.</summary>
    public long Length { get; }

    /// <summary>True when the memory is a 2 MiB-aligned mapping advised for transparent huge pages (Linux, 4 MiB or more).</summary>
    internal bool IsHugePageMapping => _block.IsHugePageMapping;

    /// <summary>Size in bytes.</summary>
    public long ByteLength => Length * sizeof(T);

    /// <summary>Address of element 0 (page-aligned). Valid until <see cref="Dispose"/>.</summary>
    public nint Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_pointer is null, this);
            return (nint)_pointer;
        }
    }

    /// <summary>The whole buffer as a span; throws when it holds more than <see cref="int.MaxValue"/> elements.</summary>
    public Span<T> Span
    {
        get
        {
            if (Length > int.MaxValue)
            {
                throw new InvalidOperationException($"The buffer holds {Length} elements, more than a span can; use Slice(start, length).");
            }

            return new Span<T>((T*)Pointer, (int)Length);
        }
    }

    /// <summary>Element <paramref name="index"/>.</summary>
    /// <param name="index">0-based element index.</param>
    public ref T this[long index]
    {
        get
        {
            if ((ulong)index >= (ulong)Length)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"The buffer holds {Length} elements.");
            }

            return ref ((T*)Pointer)[index];
        }
    }

    /// <summary>A span over elements [start, start + length).</summary>
    /// <param name="start">First element.</param>
    /// <param name="length">Number of elements.</param>
    public Span<T> Slice(long start, int length)
    {
        if (start < 0 || length < 0 || start > Length - length)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"[{start}, {start}+{length}) is outside the buffer of {Length} elements.");
        }

        return new Span<T>((T*)Pointer + start, length);
    }

    /// <summary>Frees the memory. Spans obtained earlier must no longer be used.</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (_pointer is null)
        {
            return;
        }

        _pointer = null;
        var block = _block;
        _block = default;
        PageMemory.Free(block);
    }
}
