using ScanImageTiff.Streaming;

namespace ScanImageTiff.Tests.Streaming;

public sealed class PooledStreamTests
{
    private const int W = 16;
    private const int H = 8;
    private const int N = W * H;

    [Fact]
    public async Task Pooled_frames_outlive_the_reader_and_dispose_twice_safely()
    {
        using var file = StreamTestFile.Create(9);
        var reader = ScanImageTiffReader.Open(file.Path);
        var kept = new List<PooledFrame<short>>();
        await foreach (var frame in reader.StreamPooledFrames<short>(new FrameStreamOptions { Selection = FrameSelection.FromIndices([8, 1, 4], [-1, -2, -3]) }))
        {
            kept.Add(frame);
        }

        reader.Dispose();
        Assert.Equal(new[] { 8, 1, 4 }, kept.Select(f => f.Index));
        Assert.Equal(new long[] { -1, -2, -3 }, kept.Select(f => f.Tag));
        foreach (var frame in kept)
        {
            StreamTestFile.AssertFrame(frame.Index, frame.Span, N);
            frame.Span[0] = 42; // owned: writable
            Assert.Equal(42, frame.Pixels.Span[0]);
        }

        foreach (var frame in kept)
        {
            frame.Dispose();
            frame.Dispose();
            Assert.Throws<ObjectDisposedException>(() => frame.Span.Length);
        }

        default(PooledFrame<short>).Dispose();
    }

    [Fact]
    public async Task Big_endian_file_streams_correct_values_through_pooled_copies()
    {
        using var file = StreamTestFile.Create(11, options: new TiffWriterOptions { ByteOrder = TiffByteOrder.BigEndian, BigTiff = false });
        using var reader = ScanImageTiffReader.Open(file.Path);
        var got = new List<int>();
        await foreach (var frame in reader.StreamPooledFrames<short>(new FrameStreamOptions { Depth = 2 }))
        {
            using (frame)
            {
                StreamTestFile.AssertFrame(frame.Index, frame.Span, N);
                Assert.Equal($"frame={frame.Index}\n", frame.GetDescription());
                got.Add(frame.Index);
            }
        }

        Assert.Equal(Enumerable.Range(0, 11), got);
    }

    [Fact]
    public async Task Early_break_on_pooled_stream_stops_the_producer()
    {
        using var file = StreamTestFile.Create(100);
        var reader = ScanImageTiffReader.Open(file.Path);
        Task? producer = null;
        await foreach (var frame in reader.StreamPooledFrames<short>(new FrameStreamOptions { Depth = 3, ProducerStarted = t => producer = t }))
        {
            frame.Dispose();
            if (frame.Ordinal == 1)
            {
                break;
            }
        }

        Assert.True(producer!.IsCompletedSuccessfully);
        reader.Dispose();
    }

    [Fact]
    public async Task Batches_are_contiguous_and_the_last_is_shorter()
    {
        using var file = StreamTestFile.Create(23);
        using var reader = ScanImageTiffReader.Open(file.Path);
        var batches = new List<(int[] Indices, int First, int Count)>();
        await foreach (var batch in reader.StreamBatches<short>(5, new FrameStreamOptions { Start = 1, Stride = 2 }))
        {
            using (batch)
            {
                Assert.Equal(N, batch.FrameLength);
                Assert.Equal((W, H, 1), (batch.Width, batch.Height, batch.SamplesPerPixel));
                Assert.Equal(batch.Count * N, batch.Pixels.Length);
                for (var k = 0; k < batch.Count; k++)
                {
                    StreamTestFile.AssertFrame(batch.Indices[k], batch.Span.Slice(k * N, N), N);
                    StreamTestFile.AssertFrame(batch.Indices[k], batch.GetFrame(k).Span, N);
                }

                Assert.True(batch.Tags.IsEmpty);
                batches.Add((batch.Indices.ToArray(), batch.FirstOrdinal, batch.Count));
            }
        }

        // Frames 1, 3, ..., 21: eleven frames in batches of 5, 5, 1.
        Assert.Equal(3, batches.Count);
        Assert.Equal(new[] { 1, 3, 5, 7, 9 }, batches[0].Indices);
        Assert.Equal(new[] { 11, 13, 15, 17, 19 }, batches[1].Indices);
        Assert.Equal(new[] { 21 }, batches[2].Indices);
        Assert.Equal(new[] { 0, 5, 10 }, batches.Select(b => b.First));
    }

    [Fact]
    public async Task Batches_carry_the_selection_tags_and_dispose_twice_safely()
    {
        using var file = StreamTestFile.Create(6);
        using var reader = ScanImageTiffReader.Open(file.Path);
        var selection = FrameSelection.FromIndices([5, 4, 3], [50, 40, 30]);
        var kept = new List<FrameBatch<short>>();
        await foreach (var batch in reader.StreamBatches<short>(2, new FrameStreamOptions { Selection = selection }))
        {
            kept.Add(batch);
        }

        Assert.Equal(new long[] { 50, 40 }, kept[0].Tags.ToArray());
        Assert.Equal(new long[] { 30 }, kept[1].Tags.ToArray());
        StreamTestFile.AssertFrame(3, kept[1].Span, N);
        foreach (var batch in kept)
        {
            batch.Dispose();
            batch.Dispose();
            Assert.Throws<ObjectDisposedException>(() => batch.Span.Length);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => reader.StreamBatches<short>(0));
    }

    [Fact]
    public async Task Large_batches_use_the_parallel_copy_and_stay_exact()
    {
        // 24 frames of 512 x 512 int16 = 12 MiB; batches of 16 frames (8 MiB) and 8.
        const int w = 512;
        using var file = StreamTestFile.Create(24, w, w);
        using var reader = ScanImageTiffReader.Open(file.Path);
        var frames = 0;
        await foreach (var batch in reader.StreamBatches<short>(16, new FrameStreamOptions { MaxBufferedBytes = 1 }))
        {
            using (batch)
            {
                for (var k = 0; k < batch.Count; k++)
                {
                    StreamTestFile.AssertFrame(batch.Indices[k], batch.GetFrame(k).Span, w * w);
                    frames++;
                }
            }
        }

        Assert.Equal(24, frames);
    }

    [Fact]
    public async Task Batch_of_frames_with_different_shapes_fails_clearly()
    {
        using var file = new StreamTestFile();
        using (var w = TiffStackWriter.Create(file.Path))
        {
            w.AppendFrame<short>(StreamTestFile.Pixels(0, 16), 4, 4);
            w.AppendFrame<short>(StreamTestFile.Pixels(1, 32), 8, 4);
        }

        using var reader = ScanImageTiffReader.Open(file.Path);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var batch in reader.StreamBatches<short>(2))
            {
                batch.Dispose();
            }
        });
        Assert.Contains("one shape", e.Message, StringComparison.Ordinal);

        // One frame per batch is fine.
        var count = 0;
        await foreach (var batch in reader.StreamBatches<short>(1))
        {
            using (batch)
            {
                StreamTestFile.AssertFrame(batch.Indices[0], batch.Span, batch.FrameLength);
                count++;
            }
        }

        Assert.Equal(2, count);
    }
}
