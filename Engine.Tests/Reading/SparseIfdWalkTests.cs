using ScanImageTiff.Tests.Support;
using ScanImageTiff.Tests.Tiff;

namespace ScanImageTiff.Tests.Reading;

/// <summary>
/// A mapped file whose IFDs lie a quarter MiB or more apart (frames of 512 x 512 int16 and up, ScanImage's usual) is
/// indexed with pread, not by faulting in the mapping's pages around every IFD: opening it leaves the mapping almost
/// untouched (its <c>Rss</c> in /proc/self/smaps, the kernel's count) and gives the table the file was written with.
/// </summary>
public sealed class SparseIfdWalkTests
{
    private const int Frames = 100;
    private const int FrameBytes = 300 * 1024;

    [Theory]
    [InlineData(ReadBackend.Mapped)]
    [InlineData(ReadBackend.RandomAccess)]
    public unsafe void Sparse_ifds_are_read_without_faulting_in_the_mapping(ReadBackend backend)
    {
        var b = new TiffBuilder();
        var data = new long[Frames];
        var ifds = new long[Frames];
        var pixels = new byte[FrameBytes];
        for (var f = 0; f < Frames; f++)
        {
            pixels[0] = (byte)f;
            data[f] = b.Append(pixels);
            ifds[f] = b.WriteIfd(b.FrameIfd(600, 512, 8, [data[f]], [FrameBytes], rowsPerStrip: 512)).Offset;
        }

        using var file = new TempFile(b.ToArray(), PageCacheEviction.DiskDirectory);
        using var reader = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend, ShareMappings = false });
        Assert.Equal(Frames, reader.FrameCount);
        for (var f = 0; f < Frames; f++)
        {
            var info = reader.GetFrameInfo(f);
            Assert.Equal((ifds[f], data[f]), (info.IfdOffset, info.DataOffset));
        }

        if (backend != ReadBackend.Mapped || !OperatingSystem.IsLinux())
        {
            return;
        }

        // 30 MB mapped; the header and the first IFDs (before the spacing is known) go through the mapping, at most
        // two 2 MiB folios. Walking every IFD through it would fault in 100 x 64 KiB or every 2 MiB folio.
        using var pin = reader.GetFrameMemory<byte>(0).Pin();
        Assert.InRange(Smaps.Rss((nuint)pin.Pointer), 0, 4L << 20);

        // The frames are still zero-copy views of the mapping.
        Assert.True(reader.TryGetFrameMemory<byte>(Frames - 1, out var last));
        Assert.Equal(Frames - 1, last.Span[0]);

        // Readers that share one mapping read the IFDs through it, the second faulting them in for the rest.
        using var first = ScanImageTiffReader.Open(file.Path);
        using var second = ScanImageTiffReader.Open(file.Path);
        foreach (var shared in new[] { first, second })
        {
            Assert.Equal(Frames, shared.FrameCount);
            Assert.Equal(ifds, Enumerable.Range(0, Frames).Select(f => shared.GetFrameInfo(f).IfdOffset));
            Assert.Equal(data, Enumerable.Range(0, Frames).Select(f => shared.GetFrameInfo(f).DataOffset));
        }
    }
}
