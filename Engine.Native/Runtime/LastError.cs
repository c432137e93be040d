using System.Text;

namespace ScanImageTiff.Native.Runtime;

/// <summary>
/// The per-thread message behind <c>sitiff_last_error()</c>. It lives in a pinned array owned by the
/// thread (reused while large enough), so the pointer handed out stays put until the next call on that
/// thread and the memory goes with the thread: nothing to free, nothing leaks.
/// </summary>
internal static unsafe class LastError
{
    [ThreadStatic]
    private static byte[]? t_buffer;

    [ThreadStatic]
    private static long t_offset;

    /// <summary>The message as a NUL-terminated UTF-8 string ("" when the last call succeeded).</summary>
    public static byte* Pointer =>
        t_buffer is { } b ? (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(b)) : Empty;

    /// <summary>File offset of the last format error, -1 otherwise.</summary>
    public static long Offset => t_buffer is null ? -1 : t_offset;

    /// <summary>A static, NUL-terminated empty string (RVA data never moves).</summary>
    public static byte* Empty => (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference("\0"u8));

    public static void Clear()
    {
        if (t_buffer is { } b)
        {
            b[0] = 0;
        }

        t_offset = -1;
    }

    public static void Set(string message, long offset)
    {
        var length = Encoding.UTF8.GetByteCount(message);
        if (t_buffer is null || t_buffer.Length < length + 1)
        {
            t_buffer = GC.AllocateUninitializedArray<byte>(Math.Max(256, length + 1), pinned: true);
        }

        Encoding.UTF8.GetBytes(message, t_buffer);
        t_buffer[length] = 0;
        t_offset = offset;
    }
}
