using ScanImageTiff.Acquisition;
using ScanImageTiff.ScanImage;
using ScanImageTiff.Tests.Support;
using ScanImageTiff.Tests.Tiff;

namespace ScanImageTiff.Tests.Acquisition;

/// <summary>
/// Before hashing a cold selection in file order, <c>SelectedFrames.ForgetPagesBetweenFrames</c> drops the cached pages
/// between the frames' pixels (header, IFDs, other data, and the pages the pixels share with them) and keeps every page
/// that holds only pixels. The oracle is <c>mincore</c> (<see cref="PageCacheEviction.IsResident"/>), page by page,
/// against the offsets the test wrote the file with.
/// </summary>
public sealed class ColdPassTests
{
    private const int Page = 4096;
    private const int Width = 128;
    private const int Height = 257;
    private const int FrameBytes = Width * Height * 2; // 65 792 bytes: frames start and end inside pages

    [Fact]
    public void The_pages_between_frames_are_dropped_and_pages_of_pixels_only_are_kept()
    {
        if (!OperatingSystem.IsLinux() || Environment.SystemPageSize != Page)
        {
            return; // posix_fadvise and mincore as Linux has them, on 4 KiB pages.
        }

        var (bytes, pixels) = Frames(8);
        using var file = new TempFile(bytes, PageCacheEviction.DiskDirectory);
        if (!Caches(file.Path))
        {
            return; // A file system that keeps every page (tmpfs): nothing is ever dropped.
        }

        using var acquisition = ScanImageAcquisition.Open(file.Path, options: new ReaderOptions { Backend = ReadBackend.RandomAccess });
        acquisition.Select().ForgetPagesBetweenFrames();

        var pixelsEnd = pixels[^1] + FrameBytes;
        for (long page = 0; page * Page < bytes.Length; page++)
        {
            var from = page * Page;
            var to = from + Page;

            // Between frames: the header up to frame 0, and from each frame's end to the next one's start.
            var gap = from < pixels[0];
            for (var k = 0; k + 1 < pixels.Length; k++)
            {
                gap |= from < pixels[k + 1] && to > pixels[k] + FrameBytes;
            }

            var resident = PageCacheEviction.IsResident(file.Path, from);
            Assert.True(resident == !gap, $"page {page} [{from}, {to}) is {(resident ? "cached" : "dropped")}; pixels end at {pixelsEnd}");
        }
    }

    [Fact]
    public void A_pass_drops_them_only_when_the_pixels_are_cold()
    {
        if (!OperatingSystem.IsLinux() || Environment.SystemPageSize != Page)
        {
            return;
        }

        var (bytes, pixels) = Frames(8);
        using var file = new TempFile(bytes, PageCacheEviction.DiskDirectory);
        if (!Caches(file.Path))
        {
            return;
        }

        // Warm: every page stays, the header's first.
        using (var warm = ScanImageAcquisition.Open(file.Path, options: new ReaderOptions { Backend = ReadBackend.RandomAccess }))
        {
            warm.Select().PrepareColdPass();
            Assert.True(PageCacheEviction.IsResident(file.Path, 0));
            Assert.True(PageCacheEviction.IsResident(file.Path, pixels[1] - Page));
        }

        // Cold: the walk reads the header and the IFDs back in, and the pass drops them, unless the kernel's read-ahead
        // for the walk brought in the pixels PixelsCached samples too (it does not on the 6.18 kernel this was written on).
        PageCacheEviction.Evict(file.Path);
        using var cold = ScanImageAcquisition.Open(file.Path, options: new ReaderOptions { Backend = ReadBackend.RandomAccess });
        var ifd = cold.Files[0].Table.IfdOffsets[3];
        Assert.True(PageCacheEviction.IsResident(file.Path, 0));
        Assert.True(PageCacheEviction.IsResident(file.Path, ifd));
        var selection = cold.Select();
        var warmAfterWalk = selection.PixelsCached();
        selection.PrepareColdPass();
        Assert.Equal(warmAfterWalk, PageCacheEviction.IsResident(file.Path, 0));
        Assert.Equal(warmAfterWalk, PageCacheEviction.IsResident(file.Path, ifd));
    }

    [Fact]
    public void A_mapped_file_keeps_its_pages()
    {
        if (!OperatingSystem.IsLinux() || Environment.SystemPageSize != Page)
        {
            return;
        }

        var (bytes, pixels) = Frames(4);
        using var file = new TempFile(bytes, PageCacheEviction.DiskDirectory);
        if (!Caches(file.Path))
        {
            return;
        }

        using var acquisition = ScanImageAcquisition.Open(file.Path, options: new ReaderOptions { Backend = ReadBackend.Mapped, ShareMappings = false });
        acquisition.Select().ForgetPagesBetweenFrames();
        Assert.True(PageCacheEviction.IsResident(file.Path, 0));
        Assert.True(PageCacheEviction.IsResident(file.Path, pixels[1] - 1));
    }

    /// <summary>Evicts the file, then caches it page by page; false when eviction does not drop pages here.</summary>
    private static bool Caches(string path)
    {
        PageCacheEviction.Evict(path);
        if (PageCacheEviction.IsResident(path, 0))
        {
            return false;
        }

        PageCacheEviction.CacheInSmallPages(path);
        Assert.True(PageCacheEviction.IsResident(path, 0));
        return true;
    }

    /// <summary>
    /// <paramref name="count"/> frames of int16, each after 3 pages and 100 bytes of other data and followed by its IFD;
    /// returns the file and where each frame's pixels start.
    /// </summary>
    private static (byte[] File, long[] Pixels) Frames(int count)
    {
        var b = new TiffBuilder();
        var pixels = new long[count];
        var samples = new byte[FrameBytes];
        for (var f = 0; f < count; f++)
        {
            b.Append(new byte[(3 * Page) + 100]);
            new Random(f).NextBytes(samples);
            pixels[f] = b.AppendSampleBytes(samples, 2);
            b.WriteIfd(b.FrameIfd(Width, Height, 16, [pixels[f]], [FrameBytes], rowsPerStrip: Height));
        }

        return (b.ToArray(), pixels);
    }
}
