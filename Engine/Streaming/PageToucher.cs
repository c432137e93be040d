using static ScanImageTiff.Memory.MemoryCalls;

namespace ScanImageTiff.Streaming;

/// <summary>Makes the pages under a zero-copy frame resident before the consumer sees it (see <see cref="PageTouch"/>).</summary>
internal static unsafe class PageToucher
{
    private static readonly int s_pageSize = Environment.SystemPageSize;
    private static int s_sink;
    private static volatile bool s_adviseUnavailable = !(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS());

    public static void Touch<T>(ReadOnlyMemory<T> pixels, PageTouch mode)
        where T : unmanaged
    {
        if (mode == PageTouch.None || pixels.IsEmpty)
        {
            return;
        }

        var bytes = MemoryMarshal.AsBytes(pixels.Span);
        if (mode == PageTouch.WillNeed && TryAdvise(bytes))
        {
            return;
        }

        Read(bytes);
    }

    /// <summary>Reads the first byte of every page the span covers; the sum is published so the loads stay.</summary>
    private static void Read(ReadOnlySpan<byte> bytes)
    {
        var address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(bytes));
        var page = (nuint)s_pageSize;
        var i = (int)((page - (address % page)) % page);
        int sum = bytes[0];
        for (; i < bytes.Length; i += s_pageSize)
        {
            sum += bytes[i];
        }

        Volatile.Write(ref s_sink, sum);
    }

    private static bool TryAdvise(ReadOnlySpan<byte> bytes)
    {
        if (s_adviseUnavailable)
        {
            return false;
        }

        var address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(bytes));
        var aligned = address & ~(nint)(s_pageSize - 1);
        try
        {
            if (Madvise(aligned, (nuint)(address - aligned + bytes.Length), MadvWillNeed) == 0)
            {
                return true;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }

        // No libc madvise here, or it refused (EINVAL/ENOSYS): stop asking, read the pages instead.
        s_adviseUnavailable = true;
        return false;
    }
}
