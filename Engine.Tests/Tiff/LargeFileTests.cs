using ScanImageTiff.Tests.Support;

namespace ScanImageTiff.Tests.Tiff;

/// <summary>
/// Offsets past 4 GiB (a sparse file: the 1 GiB frames are holes, so nothing near 4 GiB is written) and
/// frame counts past 2^15 and 2^16, where 16-bit or 32-bit index arithmetic would break.
/// </summary>
public sealed class LargeFileTests
{
    [Fact]
    public void Frames_past_4_GiB_read_exactly()
    {
        const int sparseFrames = 5;
        using var file = new TempFile();
        var last = Samples.Values<ushort>(7 * 5, 9);
        using (var w = TiffStackWriter.Create(file.Path))
        {
            for (var i = 0; i < sparseFrames; i++)
            {
                w.AppendSparseFrame(PixelType.UInt16, 32768, 16384, $"hole {i}"); // 1 GiB each
            }

            w.AppendFrame<ushort>(last, 7, 5, "real frame past 4 GiB");
        }

        Assert.True(new FileInfo(file.Path).Length > 5L << 30);
        foreach (var backend in HandBuiltFileTests.Backends)
        {
            using var r = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend });
            Assert.Equal(sparseFrames + 1, r.FrameCount);
            Assert.Null(r.Damage);
            Assert.True(r.IsBigTiff);
            Assert.Equal(1L << 30, r.GetFrameInfo(3).ByteCount);
            var info = r.GetFrameInfo(sparseFrames);
            Assert.True(info.IfdOffset > uint.MaxValue, $"IFD at {info.IfdOffset}");
            Assert.True(info.DataOffset > uint.MaxValue, $"data at {info.DataOffset}");
            Assert.True(r.GetFrameInfo(sparseFrames - 1).DataOffset > 4L << 30);
            Assert.Equal(last, r.GetFrameMemory<ushort>(sparseFrames).ToArray());
            Assert.Equal(last, r.ReadFrames<ushort>(sparseFrames, sparseFrames + 1));
            Assert.Equal(backend == ReadBackend.Mapped, r.TryGetFrameMemory<ushort>(sparseFrames, out _));
            Assert.Equal("real frame past 4 GiB", r.GetDescription(sparseFrames));
            Assert.Equal("hole 4", r.GetDescription(4));
            if (backend == ReadBackend.Mapped)
            {
                // 1 GiB frames as zero-copy views (segment windows and the uncached path); touch one page of each hole.
                for (var i = 0; i < sparseFrames; i++)
                {
                    Assert.True(r.TryGetFrameMemory<ushort>(i, out var hole));
                    Assert.Equal(1 << 29, hole.Length);
                    Assert.Equal(0, hole.Span[(1 << 29) - 1]);
                }
            }
        }

        // The offsets, parsed without the engine: the last IFD and its strip sit past 2^32.
        using var stream = File.OpenRead(file.Path);
        var header = new byte[16];
        stream.ReadExactly(header);
        var ifd = (long)BitConverter.ToUInt64(header, 8);
        for (var i = 0; i < sparseFrames; i++)
        {
            var count = new byte[8];
            stream.Position = ifd;
            stream.ReadExactly(count);
            stream.Position = ifd + 8 + (BitConverter.ToInt64(count) * 20);
            var next = new byte[8];
            stream.ReadExactly(next);
            ifd = BitConverter.ToInt64(next);
        }

        Assert.True(ifd > uint.MaxValue);
        using var reader = ScanImageTiffReader.Open(file.Path);
        Assert.Equal(ifd, reader.GetFrameInfo(sparseFrames).IfdOffset);
    }

    [Fact]
    public void More_than_70000_frames()
    {
        // Built in memory and written once: the writer's three writes per frame would dominate the test.
        const int frames = 70_001;
        var b = new TiffBuilder();
        var pixels = new uint[16];
        for (var i = 0; i < frames; i++)
        {
            Fill(pixels, i);
            b.WriteIfd(b.FrameIfd(4, 4, 32, [b.AppendSamples<uint>(pixels)], [64], 1));
        }

        using var file = new TempFile(b.ToArray());

        foreach (var backend in HandBuiltFileTests.Backends)
        {
            using var r = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend });
            Assert.Equal(frames, r.FrameCount);
            Assert.True(r.IsUniform);
            Assert.Equal((frames, 4, 4, 1, PixelType.UInt32), r.GetStackShape());
            var expected = new uint[16];
            foreach (var i in new[] { 0, 32_767, 32_768, 65_535, 65_536, frames - 1 })
            {
                Fill(expected, i);
                Assert.Equal(expected, r.GetFrameMemory<uint>(i).ToArray());
            }

            // Every frame, in one read, against the index it must hold.
            var all = r.ReadFrames<uint>(0, frames);
            for (var i = 0; i < frames; i++)
            {
                Fill(expected, i);
                if (!all.AsSpan(i * 16, 16).SequenceEqual(expected))
                {
                    Assert.Fail($"frame {i} read back wrong");
                }
            }

            Assert.Throws<ArgumentOutOfRangeException>(() => r.GetFrameInfo(frames));
        }
    }

    private static void Fill(uint[] pixels, int frame)
    {
        for (var k = 0; k < pixels.Length; k++)
        {
            pixels[k] = ((uint)frame << 4) | (uint)k;
        }
    }
}
