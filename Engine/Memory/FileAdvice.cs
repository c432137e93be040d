using System.Buffers.Text;
using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;

namespace ScanImageTiff.Memory;

/// <summary>
/// posix_fadvise hints for reads through <see cref="RandomAccessFileSource"/> (Linux; a no-op elsewhere or where
/// libc refuses). With a cold page cache, walking the IFD chain with one read per IFD waits for one disk round trip per
/// IFD; asking the kernel to read the region ahead of the walk turns that into one sequential stream.
/// </summary>
internal static partial class FileAdvice
{
    private const int Sequential = 2;
    private const int WillNeed = 3;
    private const int DontNeed = 4;

    // The kernel's own unit of forced read-ahead (force_page_cache_ra reads 2 MiB at a time).
    private const long WillNeedChunk = 2L << 20;

    // Read-ahead window per device (statx's MAJOR << 32 | MINOR): a sysfs read per device, not per file opened.
    private static readonly ConcurrentDictionary<ulong, long> s_readAhead = new();

    private static volatile bool s_unavailable = !OperatingSystem.IsLinux();

    /// <summary>Reads will mostly go forward: lets the kernel use a larger read-ahead window.</summary>
    public static void AdviseSequential(SafeFileHandle handle) => Advise(handle, 0, 0, Sequential);

    /// <summary>Starts reading [offset, offset + length) into the page cache without waiting for it.</summary>
    /// <remarks>
    /// Linux reads at most the larger of the file's read-ahead window and the device's optimal I/O size per
    /// WILLNEED (16 MiB on the machine measured, 256 KiB with default settings) and silently drops the rest, so a
    /// large range is asked for in pieces the kernel reads whole.
    /// </remarks>
    public static void AdviseWillNeed(SafeFileHandle handle, long offset, long length)
    {
        for (var end = offset + length; offset < end && !s_unavailable; offset += WillNeedChunk)
        {
            Advise(handle, offset, Math.Min(WillNeedChunk, end - offset), WillNeed);
        }
    }

    /// <summary>Drops the clean cached pages of [offset, offset + length) (length &gt; 0: 0 would mean "to the end").</summary>
    public static void AdviseDontNeed(SafeFileHandle handle, long offset, long length)
    {
        if (length > 0)
        {
            Advise(handle, offset, length, DontNeed);
        }
    }

    /// <summary>
    /// The read-ahead window of the device that holds the file, in bytes (Linux: the backing device's
    /// <c>/sys/class/bdi/MAJOR:MINOR/read_ahead_kb</c>; the kernel doubles it for a file advised sequential), or -1
    /// where that cannot be told. Read once per device and process.
    /// </summary>
    public static long KernelReadAheadBytes(SafeFileHandle handle) =>
        s_unavailable || !FileIdentity.TryGet(handle, out var identity) ? -1 : s_readAhead.GetOrAdd(identity.Device, ReadAheadOfDevice);

    private static long ReadAheadOfDevice(ulong device)
    {
        try
        {
            using var file = File.OpenHandle($"/sys/class/bdi/{device >> 32}:{device & 0xFFFFFFFF}/read_ahead_kb");
            Span<byte> text = stackalloc byte[32];
            var n = RandomAccess.Read(file, text, 0);
            return Utf8Parser.TryParse(text[..n], out long kib, out _) && kib >= 0 && kib <= (long.MaxValue >> 10) ? kib << 10 : -1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    private static void Advise(SafeFileHandle handle, long offset, long length, int advice)
    {
        if (s_unavailable || handle.IsInvalid || handle.IsClosed)
        {
            return;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            _ = PosixFadvise((int)handle.DangerousGetHandle(), offset, length, advice);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_unavailable = true;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    // off_t is 64-bit on the 64-bit Linux targets the engine supports; a refusal (EINVAL on odd file systems) is ignored.
    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    private static partial int PosixFadvise(int fd, long offset, long length, int advice);
}
