using System.Runtime.InteropServices;
using ScanImageTiff.Tests.Support;
using static ScanImageTiff.Tests.Support.TiffBuilder;

namespace ScanImageTiff.Tests.Tiff;

/// <summary>Every public read path, with both backends, on contiguous, split and byte-swapped frames.</summary>
public sealed class ReadPathTests
{
    private const int Width = 6;
    private const int Height = 4;
    private const int Pixels = Width * Height;

    public static TheoryData<ReadBackend, bool> Rows() => new()
    {
        { ReadBackend.Mapped, false },
        { ReadBackend.Mapped, true },
        { ReadBackend.RandomAccess, false },
        { ReadBackend.RandomAccess, true },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public unsafe void All_read_paths_agree_with_the_samples_written(ReadBackend backend, bool bigEndian)
    {
        var (bytes, frames, descriptions) = Build(bigEndian);
        using var file = new TempFile(bytes);
        using var r = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend });
        Assert.Equal(backend, r.Backend);
        Assert.Equal(bytes.Length, r.FileLength);
        Assert.Equal(file.Path, r.FilePath);
        Assert.Equal(3, r.FrameCount);
        var all = frames.SelectMany(f => f).ToArray();

        for (var i = 0; i < 3; i++)
        {
            var zeroCopy = backend == ReadBackend.Mapped && !bigEndian && i != 1;
            Assert.Equal(zeroCopy, r.TryGetFrameMemory<short>(i, out var zero));
            if (zeroCopy)
            {
                Assert.Equal(frames[i], zero.ToArray());
                Assert.Equal(r.GetFrameInfo(i).DataOffset, PointerOffset(r, zero));
            }
            else
            {
                Assert.True(zero.IsEmpty);
            }

            Assert.Equal(frames[i], r.GetFrameMemory<short>(i).ToArray());

            var destination = new short[Pixels + 3];
            destination.AsSpan().Fill(-7);
            r.ReadFrame<short>(i, destination);
            Assert.Equal(frames[i], destination[..Pixels]);
            Assert.Equal(new short[] { -7, -7, -7 }, destination[Pixels..]);

            using (var pooled = r.ReadFramePooled<short>(i))
            {
                Assert.Equal(Pixels, pooled.Length);
                Assert.Equal(frames[i], pooled.Span.ToArray());
            }

            Assert.Equal(descriptions[i] ?? string.Empty, r.GetDescription(i));
            byte[] raw = descriptions[i] is null ? [] : System.Text.Encoding.UTF8.GetBytes(descriptions[i] + "\0");
            Assert.Equal(raw, r.GetDescriptionBytes(i));
            Assert.Equal(raw.Length, r.GetDescriptionByteCount(i));
            Assert.Equal(raw, r.GetDescriptionSpan(i, new byte[raw.Length]).ToArray());
        }

        Assert.Equal(all, r.ReadFrames<short>(0, 3));
        Assert.Equal(all[Pixels..], r.ReadFrames<short>(1, 3));
        Assert.Empty(r.ReadFrames<short>(2, 2));
        var span = new short[all.Length + 1];
        r.ReadFrames<short>(0, 3, span);
        Assert.Equal(all, span[..^1]);
        Assert.Equal(3 * Pixels, r.GetElementCount(0, 3));

        using (var native = r.ReadFramesNative<short>(0, 3))
        {
            Assert.Equal(all.Length, native.Length);
            Assert.Equal(all.Length * 2, native.ByteLength);
            Assert.Equal(0, native.Pointer % 4096);
            Assert.Equal(all, native.Span.ToArray());
            Assert.Equal(all[Pixels + 1], native[Pixels + 1]);
            Assert.Equal(all.AsSpan(Pixels, Pixels).ToArray(), native.Slice(Pixels, Pixels).ToArray());
        }

        Assert.Equal(3 * Pixels * 2, r.GetByteCount(0, 3));
        var le = new byte[r.GetByteCount(0, 3)];
        r.ReadFramesLittleEndian(0, 3, le);
        Assert.Equal(MemoryMarshal.AsBytes(all.AsSpan()).ToArray(), le);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Large_intervals_are_copied_in_parallel_chunks_exactly(bool bigEndian)
    {
        // More than IntervalCopier's 16 MiB parallel threshold and StreamingCopy's 32 MiB one (streaming stores for
        // little-endian frames, ordinary copies where bytes are swapped), with split frames in between.
        const int width = 512, height = 256, count = 140, frame = width * height;
        var b = new TiffBuilder(bigTiff: true, bigEndian);
        var expected = new ushort[count * frame];
        for (var k = 0; k < expected.Length; k++)
        {
            expected[k] = (ushort)((k / frame * 977) + (k * 3));
        }

        for (var i = 0; i < count; i++)
        {
            var pixels = expected.AsSpan(i * frame, frame);
            if (i % 7 == 3)
            {
                var second = b.AppendSamples<ushort>(pixels[(frame / 2)..]);
                var first = b.AppendSamples<ushort>(pixels[..(frame / 2)]);
                b.WriteIfd(b.FrameIfd(width, height, 16, [first, second], [frame, frame], 1, rowsPerStrip: height / 2));
            }
            else
            {
                b.WriteIfd(b.FrameIfd(width, height, 16, [b.AppendSamples<ushort>(pixels)], [frame * 2], 1));
            }
        }

        using var file = new TempFile(b.ToArray());
        foreach (var backend in HandBuiltFileTests.Backends)
        {
            using var r = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend });
            Assert.True(r.ReadFrames<ushort>(0, count).AsSpan().SequenceEqual(expected), $"{backend}: ReadFrames");
            using var native = r.ReadFramesNative<ushort>(1, count);
            Assert.True(native.Span.SequenceEqual(expected.AsSpan(frame)), $"{backend}: ReadFramesNative");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Small_frames_read_together_are_copied_exactly(bool bigEndian)
    {
        // 64 x 64 int16 frames, as the pread back end reads runs of them with one read: IFDs in between, gaps of a few
        // bytes up to 100 KiB (too far: read apart), a frame stored before its predecessor, split frames, and more frames
        // than fit one read. Expected values are the samples written, not anything the reader computes.
        const int side = 64, frame = side * side, count = 400;
        var b = new TiffBuilder(bigTiff: false, bigEndian);
        var expected = new ushort[count * frame];
        for (var k = 0; k < expected.Length; k++)
        {
            expected[k] = (ushort)((k / frame * 131) + (k * 7));
        }

        for (var i = 0; i < count; i++)
        {
            var pixels = expected.AsSpan(i * frame, frame);
            if (i % 97 == 50)
            {
                b.Append(new byte[100 << 10]);
            }
            else if (i % 13 == 5)
            {
                b.Append(new byte[i * 11]);
            }

            if (i % 41 == 20)
            {
                var second = b.AppendSamples<ushort>(pixels[(frame / 2)..]);
                var first = b.AppendSamples<ushort>(pixels[..(frame / 2)]);
                b.WriteIfd(b.FrameIfd(side, side, 16, [first, second], [frame, frame], 1, rowsPerStrip: side / 2));
            }
            else if (i % 53 == 30)
            {
                // Stored after the next frame's pixels: the run must break, not read backwards.
                var next = b.AppendSamples<ushort>(expected.AsSpan((i + 1) * frame, frame));
                b.WriteIfd(b.FrameIfd(side, side, 16, [b.AppendSamples<ushort>(pixels)], [frame * 2], 1));
                b.WriteIfd(b.FrameIfd(side, side, 16, [next], [frame * 2], 1));
                i++;
            }
            else
            {
                b.WriteIfd(b.FrameIfd(side, side, 16, [b.AppendSamples<ushort>(pixels)], [frame * 2], 1));
            }
        }

        using var file = new TempFile(b.ToArray());
        foreach (var backend in HandBuiltFileTests.Backends)
        {
            using var r = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend });
            Assert.Equal(count, r.FrameCount);
            Assert.True(r.ReadFrames<ushort>(0, count).AsSpan().SequenceEqual(expected), $"{backend}: ReadFrames");
            Assert.True(r.ReadFrames<ushort>(37, 301).AsSpan().SequenceEqual(expected.AsSpan(37 * frame, 264 * frame)), $"{backend}: ReadFrames(37, 301)");
            var le = new byte[r.GetByteCount(1, count)];
            r.ReadFramesLittleEndian(1, count, le);
            Assert.True(MemoryMarshal.Cast<byte, ushort>(le).SequenceEqual(expected.AsSpan(frame)), $"{backend}: ReadFramesLittleEndian");
        }
    }

    /// <summary>
    /// Three 6 x 4 int16 frames in a classic file: contiguous with a description, split into two strips stored
    /// out of order with an inline description, contiguous without description.
    /// </summary>
    private static (byte[] Bytes, short[][] Frames, string?[] Descriptions) Build(bool bigEndian)
    {
        var b = new TiffBuilder(bigTiff: false, bigEndian);
        var frames = Enumerable.Range(0, 3).Select(i => Samples.Values<short>(Pixels, i)).ToArray();
        string?[] descriptions = ["first frame, out of line", "abc", null];

        b.WriteIfd(b.FrameIfd(Width, Height, 16, [b.AppendSamples<short>(frames[0])], [Pixels * 2], 2).Ascii(Tag.ImageDescription, descriptions[0]!));

        // Frame 1: one row per strip; rows 2-3 are stored before rows 0-1. LONG offsets, SHORT counts.
        var rowBytes = Width * 2;
        var tail = b.AppendSamples<short>(frames[1].AsSpan(2 * Width));
        var head = b.AppendSamples<short>(frames[1].AsSpan(0, 2 * Width));
        long[] offsets = [head, head + rowBytes, tail, tail + rowBytes];
        b.WriteIfd(b.FrameIfd(Width, Height, 16, offsets, [rowBytes, rowBytes, rowBytes, rowBytes], 2, FieldType.Long, rowsPerStrip: 1)
            .Without(Tag.StripByteCounts).Ints(Tag.StripByteCounts, FieldType.Short, rowBytes, rowBytes, rowBytes, rowBytes)
            .Ascii(Tag.ImageDescription, descriptions[1]!));

        b.WriteIfd(b.FrameIfd(Width, Height, 16, [b.AppendSamples<short>(frames[2], align: 8)], [Pixels * 2], 2));
        return (b.ToArray(), frames, descriptions);
    }

    private static unsafe long PointerOffset(ScanImageTiffReader r, ReadOnlyMemory<short> memory)
    {
        using var pin = memory.Pin();
        return (byte*)pin.Pointer - ((Memory.MappedFileSource)r.Source).BasePointer;
    }
}
