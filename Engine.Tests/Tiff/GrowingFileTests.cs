using ScanImageTiff.Tests.Support;

namespace ScanImageTiff.Tests.Tiff;

/// <summary>
/// A file that is still being written: a reader opened early follows it with <see cref="ScanImageTiffReader.Refresh"/>,
/// and memory it handed out before stays valid while the mapping grows.
/// </summary>
public sealed class GrowingFileTests
{
    [Theory]
    [InlineData(ReadBackend.Mapped, true)]
    [InlineData(ReadBackend.Mapped, false)]
    [InlineData(ReadBackend.RandomAccess, true)]
    [InlineData(ReadBackend.RandomAccess, false)]
    public void Refresh_finds_appended_frames_and_earlier_memory_stays_valid(ReadBackend backend, bool bigTiff)
    {
        using var file = new TempFile();
        var frames = Enumerable.Range(0, 40).Select(i => Samples.Values<short>(64 * 32, i)).ToArray();
        using var w = TiffStackWriter.Create(file.Path, new TiffWriterOptions { BigTiff = bigTiff, DescriptionLength = 100 });
        w.AppendFrame<short>(frames[0], 64, 32, "frame 0");
        w.AppendFrame<short>(frames[1], 64, 32, "frame 1");

        using var r = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend });
        Assert.Equal(2, r.FrameCount);
        Assert.True(r.IsChainComplete);
        var early = r.GetFrameMemory<short>(1);
        Assert.Equal(backend == ReadBackend.Mapped, r.TryGetFrameMemory<short>(0, out var zero));

        // Nothing new yet: Refresh is a no-op.
        Assert.Equal(2, r.Refresh());

        var written = 2;
        foreach (var batch in new[] { 1, 5, 32 })
        {
            for (var i = 0; i < batch; i++, written++)
            {
                w.AppendFrame<short>(frames[written], 64, 32, $"frame {written}");
            }

            Assert.Equal(written, r.Refresh());
            Assert.Null(r.Damage);
            Assert.True(r.IsChainComplete);
            Assert.Equal(r.FileLength, new FileInfo(file.Path).Length);
            Assert.Equal(frames[written - 1], r.GetFrameMemory<short>(written - 1).ToArray());
            Assert.Equal($"frame {written - 1}", r.GetDescription(written - 1));

            // Memory handed out before the file grew still points at the right bytes.
            Assert.Equal(frames[1], early.ToArray());
            if (backend == ReadBackend.Mapped)
            {
                Assert.Equal(frames[0], zero.ToArray());
            }
        }

        Assert.Equal(frames.SelectMany(f => f).ToArray(), r.ReadFrames<short>(0, 40));
    }

    [Fact]
    public void A_file_with_no_frames_yet_opens_empty_and_fills_in()
    {
        using var file = new TempFile();
        using var w = TiffStackWriter.Create(file.Path);
        w.Flush();
        using var r = ScanImageTiffReader.Open(file.Path);
        Assert.Equal(0, r.FrameCount);
        Assert.True(r.IsChainComplete);
        Assert.Throws<InvalidOperationException>(() => r.GetStackShape());

        var pixels = Samples.Values<float>(12, 4);
        w.AppendFrame<float>(pixels, 4, 3);
        Assert.Equal(1, r.Refresh());
        Assert.Equal(pixels, r.GetFrameMemory<float>(0).ToArray());
    }

    [Theory]
    [InlineData(ReadBackend.Mapped)]
    [InlineData(ReadBackend.RandomAccess)]
    public void A_cut_off_IFD_after_a_backward_link_is_retried_not_taken_for_a_loop(ReadBackend backend)
    {
        // Chain B -> A -> C where A lies before B (so the loop guard starts remembering offsets) and C's
        // strip is not in the file yet. Refresh must keep reporting damage, then read C once it is there.
        var b = new TiffBuilder(bigTiff: true);
        var pa = Samples.Values<ushort>(4, 0);
        var pb = Samples.Values<ushort>(4, 1);
        var pc = Samples.Values<ushort>(4, 2);
        var a = b.WriteIfd(b.FrameIfd(2, 2, 16, [b.AppendSamples<ushort>(pa)], [8], 1));
        var second = b.WriteIfd(b.FrameIfd(2, 2, 16, [b.AppendSamples<ushort>(pb)], [8], 1));
        var stripAt = b.Length + 512;
        var c = b.WriteIfd(b.FrameIfd(2, 2, 16, [stripAt], [8], 1));
        var tail = new byte[stripAt + 8 - b.Length];
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(pc.AsSpan()).CopyTo(tail.AsSpan((int)(stripAt - b.Length)));
        b.PatchOffset(b.FirstIfdPointerAt, (ulong)second.Offset);
        b.PatchOffset(second.NextAt, (ulong)a.Offset);
        b.PatchOffset(a.NextAt, (ulong)c.Offset);
        b.PatchOffset(c.NextAt, 0);

        using var file = new TempFile(b.ToArray());
        using var r = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend });
        Assert.Equal(2, r.FrameCount);
        Assert.Equal((c.EntryAt(TiffBuilder.Tag.StripOffsets), 2), (r.Damage!.FileOffset, r.Damage.IfdIndex));
        Assert.Equal(2, r.Refresh());
        Assert.Equal(2, r.Damage!.IfdIndex);

        using (var stream = new FileStream(file.Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            stream.Write(tail);
        }

        Assert.Equal(3, r.Refresh());
        Assert.Null(r.Damage);
        Assert.Equal([.. pb, .. pa, .. pc], r.ReadFrames<ushort>(0, 3));
    }

    [Fact]
    public void A_frame_whose_pixels_are_not_written_yet_is_not_shown()
    {
        // The writer links a frame only after its bytes are down, but a file copied while growing can have
        // a linked IFD whose strip is still past the end: that frame must wait, not fail.
        using var file = new TempFile();
        using (var w = TiffStackWriter.Create(file.Path))
        {
            w.AppendFrame<ushort>(Samples.Values<ushort>(16, 0), 4, 4);
            w.AppendFrame<ushort>(Samples.Values<ushort>(16, 1), 4, 4);
        }

        var full = file.ReadAllBytes();
        file.Truncate(full.Length - 10);
        using var r = ScanImageTiffReader.Open(file.Path);
        Assert.Equal(1, r.FrameCount);
        Assert.Equal(1, r.Damage!.IfdIndex);
        Assert.Equal(1, r.Refresh());

        using (var stream = new FileStream(file.Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            stream.Write(full.AsSpan(full.Length - 10));
        }

        Assert.Equal(2, r.Refresh());
        Assert.Null(r.Damage);
        Assert.Equal(Samples.Values<ushort>(16, 1), r.GetFrameMemory<ushort>(1).ToArray());
    }
}
