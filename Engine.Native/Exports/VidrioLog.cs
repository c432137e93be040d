using System.Collections.Concurrent;
using System.Text;

namespace ScanImageTiff.Native.Exports;

/// <summary>
/// The text behind <c>ScanImageTiffReader.log</c>. Vidrio <c>strdup</c>ed every message and never freed
/// it, and callers keep reading <c>log</c> after later calls (even after Close), so the text must outlive
/// the call and the handle. Identical messages share one NUL-terminated copy in native memory; past
/// <see cref="Capacity"/> distinct messages new ones are still allocated (and kept, as Vidrio did), so a
/// program that fails with ever-new messages grows by one message per failure, never more.
/// </summary>
internal static unsafe class VidrioLog
{
    private const int Capacity = 4096;
    private static readonly ConcurrentDictionary<string, nint> s_interned = new(StringComparer.Ordinal);

    public static byte* Of(string message)
    {
        if (s_interned.TryGetValue(message, out var existing))
        {
            return (byte*)existing;
        }

        var text = Allocate(message);
        if (s_interned.Count >= Capacity)
        {
            return text;
        }

        var kept = s_interned.GetOrAdd(message, (nint)text);
        if (kept != (nint)text)
        {
            NativeMemory.Free(text);
        }

        return (byte*)kept;
    }

    private static byte* Allocate(string message)
    {
        var length = Encoding.UTF8.GetByteCount(message);
        var text = (byte*)NativeMemory.Alloc((nuint)length + 1);
        Encoding.UTF8.GetBytes(message, new Span<byte>(text, length));
        text[length] = 0;
        return text;
    }
}
