using System.Runtime.InteropServices;

namespace ScanImageTiff;

/// <summary>
/// A block of native memory, page-aligned, for results larger than a .NET array can hold (a 6 GB
/// stack). Free it with <see cref="Dispose"/>; the finalizer frees it if you forget.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed unsafe class NativeBuffer<T> : IDisposable
    where T : unmanaged
{
    private const int PageSize = 4096;
    private T* _pointer;

    /// <summary>Allocates <paramref name="length"/> uninitialised elements.</summary>
    /// <param name="length">Number of elements.</param>
    public NativeBuffer(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        var bytes = checked((nuint)length * (nuint)sizeof(T));
        // No GC.AddMemoryPressure: for gigabyte buffers it forces a full collection on every read.
        // The owner disposes the buffer; the finalizer is only a safety net.
        _pointer = (T*)NativeMemory.AlignedAlloc(Math.Max(bytes, 1), PageSize);
    }

    /// <summary>Frees the memory if <see cref="Dispose"/> was not called.</summary>
    ~NativeBuffer() => Free();

    /// <summary>Number of elements.</summary>
    public long Length { get; }

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
        var p = _pointer;
        _pointer = null;
        if (p is not null)
        {
            NativeMemory.AlignedFree(p);
        }
    }
}
