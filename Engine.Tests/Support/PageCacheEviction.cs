using System.Runtime.InteropServices;

namespace ScanImageTiff.Tests.Support;

/// <summary>
/// Makes a file cold without root: its pages are written back (fsync) and dropped from the page cache with
/// <c>posix_fadvise(POSIX_FADV_DONTNEED)</c>, which drops clean pages that nothing maps. Linux only.
/// </summary>
internal static class PageCacheEviction
{
    private const int Random = 1;
    private const int DontNeed = 4;

    /// <summary>
    /// A directory on the disk the tests run from (the test binaries'), where eviction works: the temp directory
    /// may be a tmpfs, whose pages are the file and are never dropped.
    /// </summary>
    public static string DiskDirectory => AppContext.BaseDirectory;

    public static void Evict(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        stream.Flush(flushToDisk: true);
        var result = PosixFadvise((int)stream.SafeFileHandle.DangerousGetHandle(), 0, 0, DontNeed);
        Assert.Equal(0, result);
    }

    /// <summary>
    /// Reads every page of the file into the page cache as a page of its own (no read-ahead: POSIX_FADV_RANDOM on this
    /// descriptor), as the scattered reads of an IFD walk leave them; the kernel drops a cached folio only whole.
    /// </summary>
    public static void CacheInSmallPages(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Assert.Equal(0, PosixFadvise((int)handle.DangerousGetHandle(), 0, 0, Random));
        var one = new byte[1];
        var length = RandomAccess.GetLength(handle);
        for (long at = 0; at < length; at += Environment.SystemPageSize)
        {
            Assert.Equal(1, RandomAccess.Read(handle, one, at));
        }
    }

    /// <summary>
    /// Whether the page holding <paramref name="offset"/> is in the page cache, by <c>mincore</c> over a fresh mapping
    /// (which faults nothing in): the oracle the engine's own probe is checked against. Where a file system keeps
    /// its pages (tmpfs), <see cref="Evict"/> leaves them and this says so.
    /// </summary>
    public static bool IsResident(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var page = Environment.SystemPageSize;
        var at = offset / page * page;
        var map = Mmap(0, (nuint)page, ProtRead, MapShared, (int)stream.SafeFileHandle.DangerousGetHandle(), at);
        Assert.NotEqual(-1, map);
        try
        {
            var vector = new byte[1];
            Assert.Equal(0, Mincore(map, (nuint)page, vector));
            return (vector[0] & 1) != 0;
        }
        finally
        {
            _ = Munmap(map, (nuint)page);
        }
    }

    /// <summary>
    /// Bytes that one page fault maps when 2 MiB of the file from <paramref name="offset"/> (2 MiB-aligned) are mapped at
    /// a 2 MiB-aligned address and the first byte is read, by the mapping's <c>Rss</c> in <c>/proc/self/smaps</c>: the
    /// oracle for the engine's <c>FolioProbe</c>, which reads <c>/proc/self/pagemap</c> instead.
    /// </summary>
    public static long BytesMappedByOneFault(string path, long offset)
    {
        const int window = 2 << 20;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var reserved = Mmap(0, 2 * window, 0, MapPrivate | MapAnonymous, -1, 0);
        Assert.NotEqual(-1, reserved);
        try
        {
            var aligned = (reserved + window - 1) & ~(nint)(window - 1);
            Assert.Equal(aligned, Mmap(aligned, window, ProtRead, MapShared | MapFixed, (int)stream.SafeFileHandle.DangerousGetHandle(), offset));
            _ = Marshal.ReadByte(aligned);
            return Smaps.Rss((nuint)aligned);
        }
        finally
        {
            _ = Munmap(reserved, 2 * window);
        }
    }

    private const int ProtRead = 1;
    private const int MapShared = 1;
    private const int MapPrivate = 2;
    private const int MapFixed = 0x10;
    private const int MapAnonymous = 0x20;

    [DllImport("libc", EntryPoint = "mmap")]
    private static extern nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);

    [DllImport("libc", EntryPoint = "munmap")]
    private static extern int Munmap(nint address, nuint length);

    [DllImport("libc", EntryPoint = "mincore")]
    private static extern int Mincore(nint address, nuint length, byte[] vector);

    [DllImport("libc", EntryPoint = "posix_fadvise")]
    private static extern int PosixFadvise(int fd, long offset, long length, int advice);
}
