using ScanImageTiff.Memory;
using ScanImageTiff.Tests.Support;
using ScanImageTiff.Tests.Tiff;

namespace ScanImageTiff.Tests.Reading;

/// <summary>
/// <see cref="FolioProbe"/> says how many pages one page fault maps, and <see cref="ReadBackend.Auto"/> maps a file only
/// when one fault maps the whole 2 MiB. The oracle is the kernel's own account of a second mapping of the same bytes
/// (<c>Rss</c> in <c>/proc/self/smaps</c>), in the states a file's pages can be in: written with one large write (2 MiB
/// folios here), written in small pieces (4 KiB), dropped (not cached: the probe must not fault them in) and read back
/// (whatever folios the kernel's read-ahead made). Each state's count depends on the kernel; the agreement does not.
/// </summary>
public sealed class FolioProbeTests
{
    private const int Mib = 1 << 20;

    [Fact]
    public void The_probe_agrees_with_the_kernels_account_of_one_fault_in_every_page_cache_state()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // mmap, pagemap and smaps are Linux's: elsewhere the probe says 0 (Auto reads with pread).
        }

        var bytes = new byte[8 * Mib];
        new Random(5).NextBytes(bytes);
        using var file = new TempFile(bytes, PageCacheEviction.DiskDirectory);
        var middle = 4L * Mib;

        // Just written in one write: the writer's pages.
        var written = Probe(file.Path);
        Assert.InRange(written, 1, 512);
        AssertAgrees(file.Path, middle, written);

        // Written 4 KiB at a time.
        using (var small = new FileStream(file.Path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1))
        {
            for (var at = 0; at < bytes.Length; at += 4096)
            {
                small.Write(bytes, at, 4096);
            }
        }

        var smallWrites = Probe(file.Path);
        Assert.InRange(smallWrites, 1, 512);
        AssertAgrees(file.Path, middle, smallWrites);

        // Dropped (mincore, an independent oracle, checks): the probe answers 0 without faulting the page in, and Auto
        // reads with pread. (Asking whether a page is cached may start its read-ahead, so each asks a fresh drop.)
        PageCacheEviction.Evict(file.Path);
        if (!PageCacheEviction.IsResident(file.Path, middle))
        {
            Assert.Equal(0, Probe(file.Path));
            PageCacheEviction.Evict(file.Path);
            Assert.Equal(ReadBackend.RandomAccess, OpenAuto(file.Path));
        }

        // Read back in order, as cat or a first pass would.
        using (var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan))
        {
            var buffer = new byte[Mib];
            while (stream.Read(buffer) > 0)
            {
            }
        }

        var readBack = Probe(file.Path);
        Assert.InRange(readBack, 1, 512);
        AssertAgrees(file.Path, middle, readBack);
    }

    [Fact]
    public void Auto_maps_a_file_only_when_all_three_probed_places_are_2_MiB_folios()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // 16 MiB: the first 6 MiB written 4 KiB at a time, the rest with one write. The quarter (4 MiB) then lies in
        // small folios even where the middle and three quarters lie in large ones.
        using var file = WriteWithSmallPart(16 * Mib, 0, 6 * Mib, seed: 9);

        long[] places = [4L * Mib, 8L * Mib, 12L * Mib];
        var large = places.All(at => PageCacheEviction.BytesMappedByOneFault(file.Path, at) == 2 * Mib);
        Assert.Equal(large ? ReadBackend.Mapped : ReadBackend.RandomAccess, OpenAuto(file.Path));
    }

    [Fact]
    public void Larger_files_are_probed_at_more_places_so_a_small_window_between_the_quarters_is_seen()
    {
        // One place per eight 2 MiB windows, 3 to 32: a quarter, half and three quarters of a small file only.
        Assert.Equal(3, FolioProbe.ProbeCount(16L * Mib));
        Assert.Equal(4, FolioProbe.ProbeCount(64L * Mib));
        Assert.Equal(32, FolioProbe.ProbeCount(1L << 30));

        // Up to 32 places, one in sixteen may be small (the read-ahead ramp, a folio split by reclaim); none of fewer.
        Assert.Equal(0, FolioProbe.SmallPlacesAllowed(4));
        Assert.Equal(0, FolioProbe.SmallPlacesAllowed(15));
        Assert.Equal(2, FolioProbe.SmallPlacesAllowed(32));
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // 64 MiB: probed at fifths (12.8, 25.6, 38.4, 51.2 MiB). The window at 12-14 MiB is written 4 KiB at a time,
        // the rest with large writes: the quarter points (16, 32, 48 MiB) would miss it.
        using var file = WriteWithSmallPart(64 * Mib, 12 * Mib, 14 * Mib, seed: 11);
        var places = Enumerable.Range(1, 4).Select(i => 64L * Mib / 5 * i).ToArray();
        var large = places.All(at => PageCacheEviction.BytesMappedByOneFault(file.Path, at & ~(2L * Mib - 1)) == 2 * Mib);
        Assert.Equal(large ? ReadBackend.Mapped : ReadBackend.RandomAccess, OpenAuto(file.Path));
    }

    [Fact]
    public void Files_under_4_MiB_and_other_backends_are_not_probed()
    {
        using var file = new TempFile(new byte[(4 * Mib) - 1], PageCacheEviction.DiskDirectory);
        Assert.Equal(0, Probe(file.Path));
        Assert.Equal(ReadBackend.RandomAccess, OpenAuto(file.Path));
    }

    /// <summary>A file of random bytes on disk, [smallFrom, smallTo) written 4 KiB at a time (small folios), the rest in one write each side.</summary>
    private static TempFile WriteWithSmallPart(int length, int smallFrom, int smallTo, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        var file = new TempFile(null, PageCacheEviction.DiskDirectory);
        using var stream = new FileStream(file.Path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1);
        stream.Write(bytes, 0, smallFrom);
        for (var at = smallFrom; at < smallTo; at += 4096)
        {
            stream.Write(bytes, at, 4096);
        }

        stream.Write(bytes, smallTo, length - smallTo);
        return file;
    }

    private static void AssertAgrees(string path, long middle, int probed)
    {
        var oracle = PageCacheEviction.BytesMappedByOneFault(path, middle);
        Assert.Equal(oracle / 4096, probed);
        Assert.Equal(oracle == 2 << 20 ? ReadBackend.Mapped : ReadBackend.RandomAccess, OpenAuto(path));
    }

    private static int Probe(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = RandomAccess.GetLength(handle);
        return FolioProbe.PagesMappedByOneFault(handle, length, length / 2);
    }

    private static ReadBackend OpenAuto(string path)
    {
        using var source = FileSource.Open(path, ReadBackend.Auto, shareMappings: false);
        return source.IsMapped ? ReadBackend.Mapped : ReadBackend.RandomAccess;
    }
}
