namespace ScanImageTiff.Tests.Tiff;

/// <summary>Misuse gives a typed exception, never a crash: memory used after dispose, wrong T, bad indices.</summary>
public sealed class LifetimeAndArgumentTests
{
    [Fact]
    public void Frame_memory_used_after_dispose_throws_ObjectDisposedException()
    {
        using var file = new TempFile();
        var aligned = Samples.Values<ushort>(16, 1);
        var odd = Samples.Values<byte>(9, 2);
        using (var w = TiffStackWriter.Create(file.Path, new TiffWriterOptions { BigTiff = false }))
        {
            w.AppendFrame<ushort>(aligned, 4, 4, "a");
            w.AppendFrame<byte>(odd, 3, 3, "b");
            w.AppendFrame<ushort>(aligned, 4, 4, "c");
        }

        var r = ScanImageTiffReader.Open(file.Path);
        Assert.True(r.TryGetFrameMemory<ushort>(0, out var first));
        Assert.True(r.TryGetFrameMemory<byte>(1, out var second));
        var third = r.GetFrameMemory<ushort>(2);
        Assert.Equal(aligned, first.ToArray());
        Assert.Equal(odd, second.ToArray());
        r.Dispose();
        r.Dispose(); // twice is fine

        Assert.Throws<ObjectDisposedException>(() => first.Span.Length);
        Assert.Throws<ObjectDisposedException>(() => second.Span.Length);
        Assert.Throws<ObjectDisposedException>(() => third.Span[0]);
        Assert.Throws<ObjectDisposedException>(() => first.ToArray());
        Assert.Throws<ObjectDisposedException>(() => first.Pin().Dispose());
        Assert.Throws<ObjectDisposedException>(() => first.Slice(3, 2).Span.Length);

        Assert.Throws<ObjectDisposedException>(() => r.TryGetFrameMemory<ushort>(0, out _));
        Assert.Throws<ObjectDisposedException>(() => r.GetFrameMemory<ushort>(0));
        Assert.Throws<ObjectDisposedException>(() => r.ReadFrame<ushort>(0, new ushort[16]));
        Assert.Throws<ObjectDisposedException>(() => r.ReadFrames<ushort>(0, 1));
        Assert.Throws<ObjectDisposedException>(() => r.ReadFramesLittleEndian(0, 1, new byte[32]));
        Assert.Throws<ObjectDisposedException>(() => r.GetFrameInfo(0));
        Assert.Throws<ObjectDisposedException>(() => r.GetDescription(0));
        Assert.Throws<ObjectDisposedException>(() => r.GetDescriptionBytes(0));
        Assert.Throws<ObjectDisposedException>(() => r.GetScanImageSectionBytes(0));
        Assert.Throws<ObjectDisposedException>(() => r.Refresh());
        Assert.Throws<ObjectDisposedException>(() => r.GetDescriptionSpan(0, new byte[8]).Length);
    }

    [Fact]
    public void Copies_stay_valid_after_dispose()
    {
        using var file = new TempFile();
        var pixels = Samples.Values<int>(6, 3);
        using (var w = TiffStackWriter.Create(file.Path))
        {
            w.AppendFrame<int>(pixels, 3, 2);
        }

        ReadOnlyMemory<int> copy;
        using (var r = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = ReadBackend.RandomAccess }))
        {
            Assert.False(r.TryGetFrameMemory<int>(0, out _));
            copy = r.GetFrameMemory<int>(0);
        }

        Assert.Equal(pixels, copy.ToArray());
    }

    [Theory]
    [InlineData(ReadBackend.Mapped)]
    [InlineData(ReadBackend.RandomAccess)]
    public void Wrong_sample_type_is_an_ArgumentException_naming_both_types(ReadBackend backend)
    {
        using var file = new TempFile();
        using (var w = TiffStackWriter.Create(file.Path))
        {
            w.AppendFrame<ushort>(new ushort[4], 2, 2);
        }

        using var r = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend });
        var attempts = new Action[]
        {
            () => r.TryGetFrameMemory<short>(0, out _),
            () => r.GetFrameMemory<short>(0),
            () => r.ReadFrame<short>(0, new short[4]),
            () => r.ReadFramePooled<short>(0).Dispose(),
            () => r.ReadFrames<short>(0, 1),
            () => r.ReadFrames<short>(0, 1, new short[4]),
            () => r.ReadFramesNative<short>(0, 1).Dispose(),
        };
        foreach (var attempt in attempts)
        {
            var e = Assert.Throws<ArgumentException>(attempt);
            Assert.Contains("uint16", e.Message, StringComparison.Ordinal);
            Assert.Contains("Int16", e.Message, StringComparison.Ordinal);
        }

        var f = Assert.Throws<ArgumentException>(() => r.ReadFrame<float>(0, new float[4]));
        Assert.Contains("Single", f.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => r.GetFrameMemory<char>(0));

        // Same size but wrong type must not slip through either way round.
        Assert.Throws<ArgumentException>(() => r.GetFrameMemory<byte>(0));
    }

    [Theory]
    [InlineData(ReadBackend.Mapped)]
    [InlineData(ReadBackend.RandomAccess)]
    public void Indices_out_of_range_are_ArgumentOutOfRangeException(ReadBackend backend)
    {
        using var file = new TempFile();
        using (var w = TiffStackWriter.Create(file.Path))
        {
            w.AppendFrame<ushort>(new ushort[4], 2, 2, "a");
            w.AppendFrame<ushort>(new ushort[4], 2, 2, "b");
        }

        using var r = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend });
        foreach (var bad in new[] { -1, 2, int.MaxValue, int.MinValue })
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => r.GetFrameInfo(bad));
            Assert.Throws<ArgumentOutOfRangeException>(() => r.TryGetFrameMemory<ushort>(bad, out _));
            Assert.Throws<ArgumentOutOfRangeException>(() => r.GetFrameMemory<ushort>(bad));
            Assert.Throws<ArgumentOutOfRangeException>(() => r.ReadFrame<ushort>(bad, new ushort[4]));
            Assert.Throws<ArgumentOutOfRangeException>(() => r.ReadFramePooled<ushort>(bad));
            Assert.Throws<ArgumentOutOfRangeException>(() => r.GetDescription(bad));
            Assert.Throws<ArgumentOutOfRangeException>(() => r.GetDescriptionBytes(bad));
            Assert.Throws<ArgumentOutOfRangeException>(() => r.GetDescriptionByteCount(bad));
        }

        foreach (var (start, end) in new[] { (-1, 1), (0, 3), (2, 1), (3, 3), (int.MinValue, int.MaxValue) })
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => r.ReadFrames<ushort>(start, end));
            Assert.Throws<ArgumentOutOfRangeException>(() => r.ReadFrames<ushort>(start, end, new ushort[64]));
            Assert.Throws<ArgumentOutOfRangeException>(() => r.ReadFramesNative<ushort>(start, end));
            Assert.Throws<ArgumentOutOfRangeException>(() => r.ReadFramesLittleEndian(start, end, new byte[64]));
            Assert.Throws<ArgumentOutOfRangeException>(() => r.GetByteCount(start, end));
            Assert.Throws<ArgumentOutOfRangeException>(() => r.GetElementCount(start, end));
            Assert.Throws<ArgumentOutOfRangeException>(() => r.RequireUniform(start, end));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => r.GetScanImageSectionBytes(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => r.GetScanImageSectionBytes(-1));
        Assert.Empty(r.GetScanImageSectionBytes(0));
        Assert.Null(r.ScanImageBlockVersion);

        // Destinations that are too small.
        Assert.Throws<ArgumentException>(() => r.ReadFrame<ushort>(0, new ushort[3]));
        Assert.Throws<ArgumentException>(() => r.ReadFrames<ushort>(0, 2, new ushort[7]));
        Assert.Throws<ArgumentException>(() => r.ReadFramesLittleEndian(0, 2, new byte[15]));
    }
}
