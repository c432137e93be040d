using System.Runtime.InteropServices;

namespace ScanImageTiff.Tests.Support;

/// <summary>
/// Makes a file cold without root: its pages are written back (fsync) and dropped from the page cache with
/// <c>posix_fadvise(POSIX_FADV_DONTNEED)</c>, which drops clean pages that nothing maps. Linux only.
/// </summary>
internal static class PageCacheEviction
{
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

    [DllImport("libc", EntryPoint = "posix_fadvise")]
    private static extern int PosixFadvise(int fd, long offset, long length, int advice);
}
