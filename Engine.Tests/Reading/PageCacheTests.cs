using ScanImageTiff.Memory;
using ScanImageTiff.Tests.Support;
using ScanImageTiff.Tests.Tiff;

namespace ScanImageTiff.Tests.Reading;

/// <summary>
/// <see cref="FileSource.IsCached"/> tells, without reading the disk, whether a byte is in the page cache, as
/// <c>mincore</c> does: false for a page dropped with <c>POSIX_FADV_DONTNEED</c>, true once it has been read; a
/// mapping always says true.
/// </summary>
public sealed class PageCacheTests
{
    [Fact]
    public void A_dropped_page_is_not_cached_until_it_is_read()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // preadv2 and posix_fadvise are Linux's: elsewhere IsCached is always true (tested below).
        }

        var bytes = new byte[1 << 20];
        new Random(3).NextBytes(bytes);
        using var file = new TempFile(bytes, PageCacheEviction.DiskDirectory);
        PageCacheEviction.Evict(file.Path);
        using var source = FileSource.Open(file.Path, ReadBackend.RandomAccess);

        // mincore is the oracle: on a disk file system the page is gone (a tmpfs would keep it, and the probe must say so).
        Assert.Equal(PageCacheEviction.IsResident(file.Path, 700_000), source.IsCached(700_000));

        var read = new byte[4096];
        source.ReadStructure(696_320, read);
        Assert.Equal(bytes.AsSpan(696_320, 4096).ToArray(), read);
        Assert.True(source.IsCached(700_000));
        Assert.True(source.IsCached(696_320));
        Assert.True(PageCacheEviction.IsResident(file.Path, 700_000));
    }

    [Fact]
    public void A_mapping_is_always_said_to_be_cached()
    {
        var bytes = new byte[1 << 16];
        using var file = new TempFile(bytes, PageCacheEviction.DiskDirectory);
        if (OperatingSystem.IsLinux())
        {
            PageCacheEviction.Evict(file.Path);
        }

        using var source = FileSource.Open(file.Path, ReadBackend.Mapped, shareMappings: false);
        Assert.True(source.IsCached(30_000));
    }
}
