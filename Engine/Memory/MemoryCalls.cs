namespace ScanImageTiff.Memory;

/// <summary>
/// libc's <c>mmap</c>, <c>munmap</c> and <c>madvise</c>, declared once for every caller, with the flag values the
/// engine passes. The values are Linux's; PROT_*, MAP_SHARED, MAP_PRIVATE, MAP_FIXED and MADV_WILLNEED are the same on
/// macOS, the others are not, so their callers check for Linux first.
/// </summary>
internal static partial class MemoryCalls
{
    public const int ProtNone = 0;
    public const int ProtRead = 1;
    public const int ProtWrite = 2;

    public const int MapShared = 0x01;
    public const int MapPrivate = 0x02;
    public const int MapFixed = 0x10;

    /// <summary>Linux's value (macOS: 0x1000).</summary>
    public const int MapAnonymous = 0x20;

    public const int MadvWillNeed = 3;

    /// <summary>Linux only.</summary>
    public const int MadvHugePage = 14;

    /// <summary>Linux 5.14 and later only (older kernels refuse it with EINVAL).</summary>
    public const int MadvPopulateRead = 22;

    // off_t is 64-bit on the 64-bit targets the engine supports. Failure is -1 (MAP_FAILED); no caller reads errno.
    [LibraryImport("libc", EntryPoint = "mmap")]
    public static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport("libc", EntryPoint = "munmap")]
    public static partial int Munmap(nint address, nuint length);

    [LibraryImport("libc", EntryPoint = "madvise")]
    public static partial int Madvise(nint address, nuint length, int advice);
}
