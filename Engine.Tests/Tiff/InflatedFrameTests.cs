using ScanImageTiff.Tests.Support;
using static ScanImageTiff.Tests.Support.TiffBuilder;

namespace ScanImageTiff.Tests.Tiff;

/// <summary>
/// Issue 15, rows F4 and F5: strips that all point at one row declared frames of 2.15 GB (an
/// <see cref="OverflowException"/> in every read) or 573 MB (546 MiB allocated) from files of a few hundred KB.
/// A frame's declared size is now bounded by the file; the open refuses such an IFD, naming its StripOffsets entry.
/// </summary>
public class InflatedFrameTests
{
    [Theory]
    [InlineData(65535, 32800, FieldType.Short, ReadBackend.Mapped)] // F4: 2.15 GB frame, SHORT strip arrays
    [InlineData(65535, 32800, FieldType.Short, ReadBackend.RandomAccess)]
    [InlineData(8192, 70000, FieldType.Long, ReadBackend.Mapped)] // F5: 573 MB frame from 70 000 strips
    [InlineData(8192, 70000, FieldType.Long, ReadBackend.RandomAccess)]
    public void Strips_repeating_one_row_cannot_declare_a_frame_larger_than_the_file(int width, int height, ushort stripType, ReadBackend backend)
    {
        var b = new TiffBuilder();
        var row = b.Append(new byte[width]);
        var ifd = b.WriteIfd(b.FrameIfd(width, height, 8, [.. Enumerable.Repeat(row, height)], [.. Enumerable.Repeat((long)width, height)], stripType: stripType, rowsPerStrip: 1));
        using var file = new TempFile(b.ToArray());

        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<TiffFormatException>(() => ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend }));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(ifd.EntryAt(Tag.StripOffsets), e.FileOffset);
        Assert.Contains("strips overlap or repeat", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < 8L * b.Length + (4 << 20), $"{allocated} bytes allocated for a {b.Length}-byte file");
    }

    [Fact]
    public void Strips_that_overlap_but_fit_in_the_file_still_read()
    {
        // Two rows sharing one strip's bytes: legal, and within the file's size.
        var b = new TiffBuilder();
        var row = b.Append([1, 2, 3, 4, 5, 6, 7, 8]);
        b.WriteIfd(b.FrameIfd(8, 2, 8, [row, row], [8, 8], rowsPerStrip: 1));
        using var file = new TempFile(b.ToArray());

        using var reader = ScanImageTiffReader.Open(file.Path);

        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8 }, reader.ReadFrames<byte>(0, 1));
    }
}
