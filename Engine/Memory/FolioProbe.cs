using Microsoft.Win32.SafeHandles;
using static ScanImageTiff.Memory.MemoryCalls;

namespace ScanImageTiff.Memory;

/// <summary>
/// Whether a fresh mapping of a file would be cheap: how many pages ONE page fault maps. The page cache holds a file in
/// folios whose size depends on how the pages came in (Linux 6.x, ext4: large writes and some read-ahead leave 2 MiB
/// folios, `cp` and small writes 4 KiB ones, other reads sizes in between). One fault maps a whole 2 MiB folio with one
/// page-table entry, and a pass over the mapping then runs at memory speed; otherwise it maps the kernel's fault-around
/// window (64 KiB), and the pass pays a fault per 64 KiB and a TLB miss per 4 KiB (under nested paging, even with the
/// faults taken ahead by MADV_POPULATE_READ), where pread copies through the kernel's direct map. Measured on the 0.5 GB
/// stack: a C sum through a fresh mapping 266 ms with 4 KiB folios, 55–64 ms with 2 MiB ones; `sitiff stream` 351 / 68
/// ms mapped against 132 / 143 ms with pread.
/// </summary>
/// <remarks>
/// Each place is probed by mapping 2 MiB of the file at a 2 MiB-aligned address (over the last place's mapping),
/// touching one byte (only where <see cref="PageCache"/> says the page is cached: a probe never waits for the disk) and
/// reading the 512 entries of that range in <c>/proc/self/pagemap</c> (the present bit needs no privilege); the
/// range is released when the places are done. Elsewhere than Linux, for files under
/// 4 MiB, or when any step is refused, the answer is "no": the caller then reads with pread.
/// </remarks>
internal static unsafe class FolioProbe
{
    private const int PageBytes = 4096;
    private const int WindowBytes = 2 << 20;

    /// <summary>Files shorter than this are not probed: the answer for them is always "no".</summary>
    public const long MinimumLength = 2L * WindowBytes;
    private const int Pages = WindowBytes / PageBytes;


    private static volatile bool s_unavailable = !OperatingSystem.IsLinux() || !BitConverter.IsLittleEndian || IntPtr.Size != 8;

    /// <summary>
    /// True when one page fault maps the whole 2 MiB around it (a 2 MiB folio, mapped by one page-table entry) at each
    /// of <see cref="ProbeCount"/> evenly spaced places (a quarter, half and three quarters of a file under 64 MiB), but
    /// for <see cref="SmallPlacesAllowed"/> of them: a mapping then reads the file at memory speed. False otherwise,
    /// including when one of those pages is not cached (a file read back only in part reads with pread). Folios of
    /// 256 KiB to 1 MiB save faults but not TLB misses, so they count as small.
    /// </summary>
    public static bool MapsLargeFolios(SafeFileHandle handle, long length)
    {
        if (s_unavailable || length < MinimumLength)
        {
            return false;
        }

        using var session = new Session(handle);
        var count = ProbeCount(length);
        var small = 0;
        for (var i = 1; i <= count; i++)
        {
            var pages = session.PagesMappedByOneFault(length, length / (count + 1) * i);
            if (pages == 0 || (pages != Pages && ++small > SmallPlacesAllowed(count)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Probed places that may be in small folios with the file still mapped: one in sixteen (2 of 32), none below 16
    /// places. A file read back from the disk holds its first ~30 MiB in the smaller folios of the kernel's read-ahead
    /// ramp, and reclaim on a long-running machine splits a few 2 MiB folios here and there. The checksum of the 1 GB
    /// stack with 38 of its 504 windows in smaller folios (15 of them the ramp): 111.0 ms through this probe, which
    /// mapped it, against 115.4 ms with pread; with one window in nine small, 119.7 ms mapped against 109.5 ms with
    /// pread (hyperfine). A place not cached at all always means pread.
    /// </summary>
    internal static int SmallPlacesAllowed(int count) => count / 16;

    /// <summary>
    /// Places <see cref="MapsLargeFolios"/> probes: one per eight 2 MiB windows, at least 3 and at most 32. A file the
    /// page cache holds mostly in 2 MiB folios with some windows in 4 KiB ones (what memory pressure and reclaim leave)
    /// reads slower mapped than with pread, and three places missed such windows: the 1 GB stack of 100 000 frames with
    /// one window in nine small, none at the quarter points, took 119.7 ms to checksum mapped against 109.5 ms with
    /// pread (one hyperfine run). 32 places find one window in nine small with a chance of 98 %, for ~1 ms.
    /// </summary>
    internal static int ProbeCount(long length) => (int)Math.Clamp(length / WindowBytes / 8, 3, 32);

    /// <summary>
    /// Pages of the 2 MiB-aligned window of the file that holds <paramref name="at"/> that one fault on the window's
    /// first byte maps (1 to 512), or 0 when that cannot be told without waiting for the disk, for a file under 4 MiB,
    /// or on this system.
    /// </summary>
    public static int PagesMappedByOneFault(SafeFileHandle handle, long length, long at)
    {
        using var session = new Session(handle);
        return session.PagesMappedByOneFault(length, at);
    }

    /// <summary>
    /// The resources of one probe of many places, taken once: an address range reserved for the window (twice its
    /// size, so that a 2 MiB-aligned half exists; each place maps the file over that half, replacing the last place's
    /// mapping) and <c>/proc/self/pagemap</c>, open. Probing the 32 places of a 1 GB file took ~1.5 ms when each place
    /// reserved, opened and released its own, ~11 system calls per place at ~1.5 µs each on this VM.
    /// </summary>
    private sealed class Session(SafeFileHandle handle) : IDisposable
    {
        private readonly SafeFileHandle _file = handle;
        private nint _reserved = -1;
        private nint _window;
        private SafeFileHandle? _pagemap;
        private bool _fileAdded;

        public int PagesMappedByOneFault(long length, long at)
        {
            var offset = at & ~((long)WindowBytes - 1);
            if (s_unavailable || _file.IsInvalid || _file.IsClosed || length < MinimumLength || offset < 0 || offset + WindowBytes > length
                || !PageCache.IsCached(_file, offset))
            {
                return 0;
            }

            try
            {
                if (!Prepare())
                {
                    return 0;
                }

                if (Mmap(_window, (nuint)WindowBytes, ProtRead, MapShared | MapFixed, (int)_file.DangerousGetHandle(), offset) != _window)
                {
                    return 0;
                }

                _ = Volatile.Read(ref *(byte*)_window);
                return CountPresent(_window);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                s_unavailable = true;
                return 0;
            }
        }

        public void Dispose()
        {
            if (_reserved != -1)
            {
                _ = Munmap(_reserved, (nuint)(2 * WindowBytes));
                _reserved = -1;
            }

            _pagemap?.Dispose();
            if (_fileAdded)
            {
                _file.DangerousRelease();
                _fileAdded = false;
            }
        }

        /// <summary>Takes the session's resources on first use; false when one is refused.</summary>
        private bool Prepare()
        {
            if (_reserved != -1)
            {
                return true;
            }

            _file.DangerousAddRef(ref _fileAdded);
            try
            {
                _pagemap = File.OpenHandle("/proc/self/pagemap", FileMode.Open, FileAccess.Read);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                s_unavailable = true;
                return false;
            }

            // Reserve twice the window, then map the file over its 2 MiB-aligned half: a huge page needs the alignment.
            var reserved = Mmap(0, (nuint)(2 * WindowBytes), ProtNone, MapPrivate | MapAnonymous, -1, 0);
            if (reserved == -1)
            {
                return false;
            }

            _reserved = reserved;
            _window = (reserved + WindowBytes - 1) & ~(nint)(WindowBytes - 1);
            return true;
        }

        /// <summary>Present pages among the <see cref="Pages"/> from <paramref name="address"/>, per /proc/self/pagemap (bit 63 of each entry).</summary>
        private int CountPresent(nint address)
        {
            Span<ulong> entries = stackalloc ulong[Pages];
            try
            {
                if (RandomAccess.Read(_pagemap!, MemoryMarshal.AsBytes(entries), (long)((ulong)address / PageBytes * sizeof(ulong))) != Pages * sizeof(ulong))
                {
                    return 0;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                s_unavailable = true;
                return 0;
            }

            var present = 0;
            foreach (var entry in entries)
            {
                present += (int)(entry >> 63);
            }

            return present;
        }
    }
}
