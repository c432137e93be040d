using System.Runtime.InteropServices;
using ScanImageTiff.Memory;
using ScanImageTiff.Tests.Support;
using ScanImageTiff.Tests.Tiff;

namespace ScanImageTiff.Tests.Reading;

/// <summary>
/// How a first open pays for a new mapping. A densely packed stack's IFDs are read through the mapping only when the
/// page cache holds the file in 2 MiB folios (one page fault maps 2 MiB); in the small folios a writer leaves, they are
/// read with pread and the mapping is left untouched. <see cref="ReadBackend.Auto"/>, which maps only files in 2 MiB
/// folios and serves whole passes, maps every page of the file at open. The oracles are the kernel's: what one fault
/// maps (<see cref="PageCacheEviction.BytesMappedByOneFault"/>, from smaps) and which pages of the reader's mapping are
/// present (<c>/proc/self/pagemap</c>). The page cache state each write leaves depends on the kernel; each test asserts
/// what follows from the state the oracle reports.
/// </summary>
public sealed class FirstOpenPathTests
{
    private const int Mib = 1 << 20;
    private const int Page = 4096;

    // 2 600 frames of 64 x 32 8-bit pixels, each with its IFD: ~5.7 MB, past the 4 MiB under which nothing is probed.
    private const int Frames = 2600;
    private const int Width = 64;
    private const int Height = 32;

    [Fact]
    public void A_dense_stack_in_small_folios_is_indexed_without_faulting_its_new_mapping_in()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // pagemap is Linux's; elsewhere nothing is probed and a mapping is read through.
        }

        var bytes = Stack();
        using var file = new TempFile(null, PageCacheEviction.DiskDirectory);
        using (var stream = new FileStream(file.Path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1))
        {
            for (var at = 0; at < bytes.Length; at += Page)
            {
                stream.Write(bytes, at, Math.Min(Page, bytes.Length - at)); // 4 KiB writes: 4 KiB folios
            }
        }

        var large = ProbePlacesAre2MiB(file.Path, bytes.Length);
        using var reader = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = ReadBackend.Mapped, ShareMappings = false });
        var present = PresentPages(reader);

        Assert.Equal(Frames, reader.FrameCount);
        AssertFrame(reader, bytes, Frames - 1);
        if (large)
        {
            // One fault maps 2 MiB: the IFDs were read through the mapping, which now maps the whole file.
            Assert.True(present > bytes.Length / Page / 2, $"{present} pages present");
        }
        else
        {
            // Read with pread: the mapping holds at most the header's and first IFD's fault-around (16 pages each).
            Assert.True(present <= 48, $"{present} pages of {bytes.Length / Page} present after indexing through pread");
        }
    }

    [Fact]
    public void Auto_maps_every_page_at_open_of_a_file_held_in_2_MiB_folios()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var bytes = Stack();
        using var file = new TempFile(bytes, PageCacheEviction.DiskDirectory); // one large write: 2 MiB folios here
        var large = ProbePlacesAre2MiB(file.Path, bytes.Length);

        using var source = FileSource.Open(file.Path, ReadBackend.Auto, shareMappings: false);

        Assert.Equal(large, source.IsMapped);
        if (source is MappedFileSource mapped)
        {
            Assert.True(mapped.MapsCheaply);
            var pages = (bytes.Length + Page - 1) / Page;
            Assert.Equal(pages, PresentPages(mapped, bytes.Length)); // nothing has read a byte through it yet
        }
    }

    [Fact]
    public void Files_under_4_MiB_map_cheaply_and_pread_sources_never_do()
    {
        using var file = new TempFile(new byte[(4 * Mib) - 1], PageCacheEviction.DiskDirectory);
        using var source = FileSource.Open(file.Path, ReadBackend.Mapped, shareMappings: false);
        Assert.True(source.MapsCheaply);

        using var pread = FileSource.Open(file.Path, ReadBackend.RandomAccess);
        Assert.False(pread.MapsCheaply);
    }

    /// <summary>A little-endian classic TIFF: each frame's pixels (byte i of frame f = (f * 7 + i) mod 251), then its IFD.</summary>
    private static byte[] Stack()
    {
        var b = new TiffBuilder();
        var pixels = new byte[Width * Height];
        for (var f = 0; f < Frames; f++)
        {
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (byte)(((f * 7) + i) % 251);
            }

            var at = b.Append(pixels);
            b.WriteIfd(b.FrameIfd(Width, Height, 8, [at], [pixels.Length]));
        }

        return b.ToArray();
    }

    private static void AssertFrame(ScanImageTiffReader reader, byte[] file, int frame)
    {
        var offset = reader.GetFrameInfo(frame).DataOffset;
        Assert.Equal(file.AsSpan((int)offset, Width * Height).ToArray(), reader.ReadFrames<byte>(frame, frame + 1));
        Assert.Equal((byte)(frame * 7 % 251), file[offset]);
    }

    /// <summary>Whether one fault maps 2 MiB at every place <see cref="FolioProbe"/> looks (the kernel's account).</summary>
    private static bool ProbePlacesAre2MiB(string path, long length)
    {
        var count = FolioProbe.ProbeCount(length);
        return Enumerable.Range(1, count).All(i => PageCacheEviction.BytesMappedByOneFault(path, length / (count + 1) * i & ~(2L * Mib - 1)) == 2 * Mib);
    }

    private static unsafe int PresentPages(ScanImageTiffReader reader)
    {
        var source = Assert.IsType<MappedFileSource>(reader.Source);
        return PresentPages(source, source.Length);
    }

    /// <summary>Pages of [0, length) of the source's mapping that are present, per /proc/self/pagemap (bit 63).</summary>
    private static unsafe int PresentPages(MappedFileSource source, long length)
    {
        var address = (ulong)source.BasePointer;
        var pages = (int)((length + Page - 1) / Page);
        var entries = new ulong[pages];
        using var pagemap = File.OpenHandle("/proc/self/pagemap", FileMode.Open, FileAccess.Read);
        Assert.Equal(pages * sizeof(ulong), RandomAccess.Read(pagemap, MemoryMarshal.AsBytes(entries.AsSpan()), (long)(address / Page * sizeof(ulong))));
        return entries.Count(e => (e >> 63) != 0);
    }
}
