using ScanImageTiff.Streaming;

namespace ScanImageTiff.Tests.Streaming;

public sealed class SelectionReadTests
{
    [Fact]
    public void Range_selection_materialises_the_expected_indices()
    {
        Assert.Equal(new[] { 2, 5, 8 }, FrameSelection.Range(2, 10, 3).Indices.ToArray());
        Assert.Equal(new[] { 2, 5, 8 }, FrameSelection.Range(2, 9, 3).Indices.ToArray());
        Assert.Equal(0, FrameSelection.Range(4, 4).Count);
        Assert.Equal(7, FrameSelection.Range(0, 7)[7 - 1] + 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameSelection.Range(5, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameSelection.Range(0, 4, 0));
        Assert.False(FrameSelection.Range(0, 1).HasTags);
        Assert.Equal(0, FrameSelection.Range(0, 1).TagAt(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameSelection.Range(0, 3)[3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameSelection.FromIndices([4, 5])[-1]);
        Assert.Equal(5, FrameSelection.FromIndices([4, 5])[1]);
    }

    [Fact]
    public void Small_selection_copies_exact_frames_in_order()
    {
        using var file = StreamTestFile.Create(20);
        using var reader = ScanImageTiffReader.Open(file.Path);
        var selection = FrameSelection.FromIndices([19, 0, 7, 7]);
        Assert.Equal(4 * 128, reader.GetElementCount(selection));
        var all = reader.ReadSelection<short>(selection);
        Assert.Equal(4 * 128, all.Length);
        int[] expected = [19, 0, 7, 7];
        for (var k = 0; k < expected.Length; k++)
        {
            StreamTestFile.AssertFrame(expected[k], all.AsSpan(k * 128, 128), 128);
        }
    }

    [Fact]
    public void Large_selection_is_copied_in_parallel_into_native_memory_exactly()
    {
        // 64 of 80 frames of 512 x 512 int16 = 32 MiB, above the parallel threshold (16 MiB).
        const int w = 512;
        const int n = w * w;
        using var file = StreamTestFile.Create(80, w, w);
        using var reader = ScanImageTiffReader.Open(file.Path);
        var indices = Enumerable.Range(0, 80).Where(i => i % 5 != 2).Reverse().ToArray();
        var selection = FrameSelection.FromIndices(indices);
        Assert.True(indices.Length * (long)n * 2 > 16L << 20);
        using var native = reader.ReadSelectionNative<short>(selection);
        Assert.Equal(0, native.Pointer % 4096);
        Assert.Equal(indices.Length * (long)n, native.Length);
        for (var k = 0; k < indices.Length; k++)
        {
            StreamTestFile.AssertFrame(indices[k], native.Slice((long)k * n, n), n);
        }

        var array = new short[indices.Length * n];
        reader.ReadSelection<short>(selection, array);
        Assert.True(array.AsSpan().SequenceEqual(native.Span));
    }

    [Fact]
    public void Selection_reads_check_type_size_and_range()
    {
        using var file = StreamTestFile.Create(3);
        using var reader = ScanImageTiffReader.Open(file.Path);
        Assert.Throws<ArgumentException>(() => reader.ReadSelection<ushort>(FrameSelection.Range(0, 3)));
        Assert.Throws<ArgumentException>(() => reader.ReadSelection<short>(FrameSelection.Range(0, 3), new short[3 * 128 - 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.ReadSelection<short>(FrameSelection.FromIndices([3])));
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.ReadSelection<short>(FrameSelection.Range(1, 4)));
        reader.Dispose();
        Assert.Throws<ObjectDisposedException>(() => reader.ReadSelection<short>(FrameSelection.Range(0, 3)));
    }

    [Fact]
    public void Selection_of_an_unsupported_frame_is_NotSupported()
    {
        using var file = StreamTestFile.Create(3);
        long ifd1;
        using (var probe = ScanImageTiffReader.Open(file.Path))
        {
            ifd1 = probe.GetFrameInfo(1).IfdOffset;
        }

        StreamTestFile.MakeCompressed(file.Path, ifd1);
        using var reader = ScanImageTiffReader.Open(file.Path);
        StreamTestFile.AssertFrame(2, reader.ReadSelection<short>(FrameSelection.FromIndices([2, 0])).AsSpan(0, 128), 128);
        Assert.Throws<NotSupportedException>(() => reader.ReadSelection<short>(FrameSelection.FromIndices([0, 1])));
    }
}
