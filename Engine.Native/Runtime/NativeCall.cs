using ScanImageTiff.Native.Interop;

namespace ScanImageTiff.Native.Runtime;

/// <summary>
/// The boundary every export goes through: clear the thread's last error, enter the handle, and turn
/// any exception into a status code plus message (exceptions must never cross into C).
/// </summary>
internal static unsafe class NativeCall
{
    /// <summary>Starts a call that needs no handle.</summary>
    public static void Begin() => LastError.Clear();

    /// <summary>Starts a call on <paramref name="handle"/>.</summary>
    public static SessionLease Enter(long handle)
    {
        LastError.Clear();
        return HandleTable.Enter(handle);
    }

    /// <summary>Checks an output or input pointer.</summary>
    public static T* NotNull<T>(T* pointer, [CallerArgumentExpression(nameof(pointer))] string? name = null)
        where T : unmanaged
    {
        if (pointer == null)
        {
            throw new ArgumentNullException(name, $"{name} must not be NULL");
        }

        return pointer;
    }

    /// <summary>An IFD or other index from C, checked against <paramref name="count"/>.</summary>
    public static int Index(long value, int count, string what)
    {
        if (value < 0 || value >= count)
        {
            throw new ArgumentOutOfRangeException(what, value, $"{what} {value} is out of range: there are {count}");
        }

        return (int)value;
    }

    /// <summary>Fails unless <paramref name="needed"/> bytes fit in <paramref name="capacity"/>.</summary>
    public static void Fits(ulong needed, ulong capacity, string what)
    {
        if (needed > capacity)
        {
            throw new BufferTooSmallException(what, needed, capacity);
        }
    }

    /// <summary>Reports an array's length and copies it when the caller gave room (the (out, capacity, count) convention).</summary>
    public static void CopyArray<T>(ReadOnlySpan<T> source, T* destination, long capacity, long* count, string what)
        where T : unmanaged
    {
        *NotNull(count) = source.Length;
        if (destination == null)
        {
            return;
        }

        if (capacity < source.Length)
        {
            throw new BufferTooSmallException($"{what} has {source.Length} elements but capacity is {capacity}; nothing was copied");
        }

        source.CopyTo(new Span<T>(destination, source.Length));
    }

    /// <summary>Maps an exception to its status code and records its message for <c>sitiff_last_error</c>.</summary>
    public static int Fail(Exception e)
    {
        var (status, offset) = e switch
        {
            InvalidHandleException or ObjectDisposedException => (Status.InvalidHandle, -1L),
            BufferTooSmallException => (Status.BufferTooSmall, -1L),
            NotAvailableException => (Status.NotAvailable, -1L),
            TiffFormatException f => (Status.Format, f.FileOffset),
            InvalidDataException => (Status.Format, -1L),
            FileNotFoundException or DirectoryNotFoundException => (Status.NotFound, -1L),
            IOException or UnauthorizedAccessException => (Status.Io, -1L),
            NotSupportedException or InvalidOperationException => (Status.Unsupported, -1L),
            ArgumentOutOfRangeException or OverflowException => (Status.OutOfRange, -1L),
            ArgumentException => (Status.Argument, -1L),
            OutOfMemoryException => (Status.NoMemory, -1L),
            _ => (Status.Internal, -1L),
        };

        try
        {
            LastError.Set(status == Status.Internal ? $"{e.GetType().FullName}: {e.Message}" : e.Message, offset);
        }
        catch (OutOfMemoryException)
        {
            // The code still tells the kind; the message is best effort.
        }

        return status;
    }
}
