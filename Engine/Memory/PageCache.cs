using Microsoft.Win32.SafeHandles;

namespace ScanImageTiff.Memory;

/// <summary>
/// Whether a file's bytes are in the page cache, asked without waiting for the disk: a one-byte <c>preadv2</c> with
/// <c>RWF_NOWAIT</c> (Linux 4.14+), which fails with EAGAIN instead of waiting for I/O. The kernel may start reading
/// the missing page's read-ahead window in the background (6.18 does): a probe is for bytes about to be read anyway.
/// Elsewhere, or where the kernel or file system refuses the flag, the answer is "cached": the caller then does what
/// it does for a warm file.
/// </summary>
internal static unsafe partial class PageCache
{
    private const int RwfNoWait = 0x08;
    private const int EAgain = 11;

    private static volatile bool s_unavailable = !OperatingSystem.IsLinux();

    /// <summary>False when the page holding <paramref name="offset"/> is not in the page cache; true when it is, or cannot be told.</summary>
    public static bool IsCached(SafeFileHandle handle, long offset)
    {
        if (s_unavailable || handle.IsInvalid || handle.IsClosed)
        {
            return true;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            byte probe;
            var vector = new IoVector { Base = &probe, Length = 1 };
            if (PReadV2((int)handle.DangerousGetHandle(), &vector, 1, offset, RwfNoWait) >= 0)
            {
                return true;
            }

            if (Marshal.GetLastPInvokeError() == EAgain)
            {
                return false;
            }

            // EOPNOTSUPP (no FMODE_NOWAIT), EINVAL or ENOSYS (an older kernel): no answer here, ever.
            s_unavailable = true;
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_unavailable = true;
            return true;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    // off_t is 64-bit on the 64-bit Linux targets the engine supports.
    [LibraryImport("libc", EntryPoint = "preadv2", SetLastError = true)]
    private static partial nint PReadV2(int fd, IoVector* vectors, int count, long offset, int flags);

    /// <summary>struct iovec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }
}
