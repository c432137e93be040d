using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ScanImageTiff.Memory;

/// <summary>
/// Which file an open handle refers to, and which version of it: device + inode + size + change and
/// modification times (nanoseconds) on Linux, volume + file index + size + last-write time on Windows.
/// Read from the handle itself (<c>statx</c> / <c>GetFileInformationByHandle</c>), never from the path,
/// so a file renamed over the path after it was opened cannot be confused with the one that was opened.
/// </summary>
/// <remarks>
/// A new file renamed over an old one has a new inode (the old inode cannot be reused while a cached mapping
/// still holds it). The change time cannot be set by a writer (utimensat sets it to "now"), so unlike the
/// modification time a copy tool cannot preserve it. Where neither call is available the identity is
/// unknown and <see cref="MappingCache"/> does not share.
/// </remarks>
internal readonly partial record struct FileIdentity(ulong Device, ulong File, long Size, long ChangeTime, long WriteTime)
{
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const uint StatxNeeded = 0x40 | 0x80 | 0x100 | 0x200; // MTIME | CTIME | INO | SIZE

    /// <summary>Reads the identity of the file behind <paramref name="handle"/>; false when the platform cannot tell.</summary>
    public static bool TryGet(SafeFileHandle handle, out FileIdentity identity)
    {
        identity = default;
        try
        {
            if (OperatingSystem.IsLinux())
            {
                return TryGetLinux(handle, out identity);
            }

            if (OperatingSystem.IsWindows())
            {
                return TryGetWindows(handle, out identity);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // An old C library without statx: no identity, so no sharing.
        }

        return false;
    }

    private static unsafe bool TryGetLinux(SafeFileHandle handle, out FileIdentity identity)
    {
        identity = default;

        // struct statx has one layout on every architecture (256 bytes); read the fields at their offsets.
        var buffer = stackalloc byte[256];
        var empty = stackalloc byte[1];
        empty[0] = 0;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (Statx((int)handle.DangerousGetHandle(), empty, AtEmptyPath, StatxBasicStats, buffer) != 0)
            {
                return false;
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }

        // Native byte order: MemoryMarshal reads the fields as the kernel wrote them.
        var stx = new ReadOnlySpan<byte>(buffer, 256);
        if ((MemoryMarshal.Read<uint>(stx) & StatxNeeded) != StatxNeeded)
        {
            return false;
        }

        var device = ((ulong)MemoryMarshal.Read<uint>(stx[136..]) << 32) | MemoryMarshal.Read<uint>(stx[140..]);
        identity = new FileIdentity(
            device,
            MemoryMarshal.Read<ulong>(stx[32..]),
            MemoryMarshal.Read<long>(stx[40..]),
            Nanoseconds(stx[96..]),
            Nanoseconds(stx[112..]));
        return true;

        static long Nanoseconds(ReadOnlySpan<byte> timestamp) => (MemoryMarshal.Read<long>(timestamp) * 1_000_000_000L) + MemoryMarshal.Read<uint>(timestamp[8..]);
    }

    private static unsafe bool TryGetWindows(SafeFileHandle handle, out FileIdentity identity)
    {
        identity = default;

        // BY_HANDLE_FILE_INFORMATION: 13 DWORDs.
        var info = stackalloc uint[13];
        if (!GetFileInformationByHandle(handle, info))
        {
            return false;
        }

        identity = new FileIdentity(
            info[7],
            ((ulong)info[11] << 32) | info[12],
            (long)(((ulong)info[8] << 32) | info[9]),
            0,
            (long)(((ulong)info[6] << 32) | info[5]));
        return true;
    }

    [LibraryImport("libc", EntryPoint = "statx")]
    private static unsafe partial int Statx(int directory, byte* path, int flags, uint mask, byte* buffer);

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static unsafe partial bool GetFileInformationByHandle(SafeFileHandle handle, uint* information);
}
