using ScanImageTiff.Streaming;

namespace ScanImageTiff.Tests.Streaming;

public sealed class FrameStreamTests
{
    private const int W = 16;
    private const int H = 8;
    private const int N = W * H;

    [Theory]
    [InlineData(PageTouch.Read)]
    [InlineData(PageTouch.WillNeed)]
    [InlineData(PageTouch.None)]
    public async Task Every_frame_arrives_once_in_order_zero_copy(PageTouch touch)
    {
        using var file = StreamTestFile.Create(40);
        using var reader = ScanImageTiffReader.Open(file.Path);
        var seen = new List<int>();
        await foreach (var frame in reader.StreamFrames<short>(new FrameStreamOptions { Depth = 3, TouchPages = touch }))
        {
            Assert.False(frame.IsCopy);
            Assert.Equal(seen.Count, frame.Ordinal);
            Assert.Equal(0, frame.Tag);
            StreamTestFile.AssertFrame(frame.Index, frame.Pixels.Span, N);
            seen.Add(frame.Index);
        }

        Assert.Equal(Enumerable.Range(0, 40), seen);
    }

    [Fact]
    public async Task Description_is_read_on_request()
    {
        using var file = StreamTestFile.Create(5);
        using var reader = ScanImageTiffReader.Open(file.Path);
        await foreach (var frame in reader.StreamFrames<short>())
        {
            Assert.Equal($"frame={frame.Index}\n", frame.GetDescription());
            var raw = frame.GetDescriptionBytes();
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes($"frame={frame.Index}\n\0"), raw.ToArray());
            Assert.Equal(raw.Length, frame.DescriptionByteCount);
            Assert.Equal(W, frame.GetInfo().Width);
        }
    }

    [Fact]
    public async Task Range_and_stride_select_exact_frames()
    {
        using var file = StreamTestFile.Create(30);
        using var reader = ScanImageTiffReader.Open(file.Path);
        var got = new List<int>();
        await foreach (var frame in reader.StreamFrames<short>(new FrameStreamOptions { Start = 3, End = 20, Stride = 4 }))
        {
            StreamTestFile.AssertFrame(frame.Index, frame.Pixels.Span, N);
            got.Add(frame.Index);
        }

        Assert.Equal(new[] { 3, 7, 11, 15, 19 }, got);
    }

    [Fact]
    public async Task Index_list_streams_in_its_order_with_tags()
    {
        using var file = StreamTestFile.Create(30);
        using var reader = ScanImageTiffReader.Open(file.Path);
        int[] indices = [29, 2, 2, 17, 0];
        long[] tags = [100, 200, 300, 400, long.MaxValue];
        var selection = FrameSelection.FromIndices(indices, tags);
        var got = new List<(int Index, int Ordinal, long Tag)>();
        await foreach (var frame in reader.StreamFrames<short>(new FrameStreamOptions { Selection = selection, Depth = 1 }))
        {
            StreamTestFile.AssertFrame(frame.Index, frame.Pixels.Span, N);
            got.Add((frame.Index, frame.Ordinal, frame.Tag));
        }

        Assert.Equal(indices.Select((index, k) => (index, k, tags[k])), got);
    }

    [Fact]
    public async Task Empty_selection_yields_nothing()
    {
        using var file = StreamTestFile.Create(3);
        using var reader = ScanImageTiffReader.Open(file.Path);
        await foreach (var frame in reader.StreamFrames<short>(new FrameStreamOptions { Start = 2, End = 2 }))
        {
            Assert.Fail($"got frame {frame.Index}");
        }
    }

    [Fact]
    public async Task Bad_selection_and_options_throw()
    {
        using var file = StreamTestFile.Create(3);
        using var reader = ScanImageTiffReader.Open(file.Path);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
        {
            await foreach (var _ in reader.StreamFrames<short>(new FrameStreamOptions { Selection = FrameSelection.FromIndices([0, 3]) }))
            {
            }
        });
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
        {
            await foreach (var _ in reader.StreamFrames<short>(new FrameStreamOptions { Selection = FrameSelection.Range(0, 5, 2) }))
            {
            }
        });
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
        {
            await foreach (var _ in reader.StreamFrames<short>(new FrameStreamOptions { End = 4 }))
            {
            }
        });
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.StreamFrames<short>(new FrameStreamOptions { Depth = 0 }));
        Assert.Throws<ArgumentException>(() => reader.StreamFrames<short>(new FrameStreamOptions { Start = 1, Selection = FrameSelection.Range(0, 1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameSelection.FromIndices([1, -1]));
        Assert.Throws<ArgumentException>(() => FrameSelection.FromIndices([1, 2], [5]));
    }

    [Fact]
    public async Task Early_break_stops_the_producer_and_the_reader_can_be_disposed()
    {
        using var file = StreamTestFile.Create(200);
        var reader = ScanImageTiffReader.Open(file.Path);
        Task? producer = null;
        var options = new FrameStreamOptions { Depth = 2, ProducerStarted = t => producer = t };
        var count = 0;
        await foreach (var frame in reader.StreamFrames<short>(options))
        {
            if (++count == 3)
            {
                break;
            }
        }

        Assert.NotNull(producer);
        Assert.True(producer.IsCompletedSuccessfully);
        reader.Dispose();
    }

    [Fact]
    public async Task Cancellation_throws_and_stops_the_producer()
    {
        using var file = StreamTestFile.Create(200);
        using var reader = ScanImageTiffReader.Open(file.Path);
        using var cts = new CancellationTokenSource();
        Task? producer = null;
        var count = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var frame in reader.StreamFrames<short>(new FrameStreamOptions { Depth = 4, ProducerStarted = t => producer = t }, cts.Token))
            {
                if (++count == 5)
                {
                    await cts.CancelAsync();
                }
            }
        });
        Assert.Equal(5, count);
        Assert.True(producer!.IsCompleted);
    }

    [Fact]
    public async Task WithCancellation_token_is_honoured_too()
    {
        using var file = StreamTestFile.Create(50);
        using var reader = ScanImageTiffReader.Open(file.Path);
        using var cts = new CancellationTokenSource();
        var count = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var frame in reader.StreamFrames<short>().WithCancellation(cts.Token))
            {
                if (++count == 2)
                {
                    await cts.CancelAsync();
                }
            }
        });
        Assert.Equal(2, count);
    }

    [Fact]
    public async Task Already_cancelled_token_throws_before_any_frame()
    {
        using var file = StreamTestFile.Create(5);
        using var reader = ScanImageTiffReader.Open(file.Path);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var frame in reader.StreamFrames<short>(cancellationToken: new CancellationToken(true)))
            {
                Assert.Fail("no frame expected");
            }
        });
    }

    [Fact]
    public async Task Unsupported_frame_fails_in_await_foreach_after_the_frames_before_it()
    {
        using var file = StreamTestFile.Create(10);
        long ifd7;
        using (var probe = ScanImageTiffReader.Open(file.Path))
        {
            ifd7 = probe.GetFrameInfo(7).IfdOffset;
        }

        StreamTestFile.MakeCompressed(file.Path, ifd7);
        using var reader = ScanImageTiffReader.Open(file.Path);
        Task? producer = null;
        var got = new List<int>();
        var e = await Assert.ThrowsAsync<NotSupportedException>(async () =>
        {
            await foreach (var frame in reader.StreamFrames<short>(new FrameStreamOptions { ProducerStarted = t => producer = t }))
            {
                StreamTestFile.AssertFrame(frame.Index, frame.Pixels.Span, N);
                got.Add(frame.Index);
            }
        });
        Assert.Contains("Compression = JPEG (7)", e.Message, StringComparison.Ordinal);
        Assert.Contains($"byte offset {ifd7}", e.Message, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(0, 7), got);
        Assert.True(producer!.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Wrong_sample_type_fails_in_await_foreach()
    {
        using var file = StreamTestFile.Create(3);
        using var reader = ScanImageTiffReader.Open(file.Path);
        var e = await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (var _ in reader.StreamFrames<float>())
            {
            }
        });
        Assert.Contains("int16", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Frame_memory_throws_after_the_reader_is_disposed()
    {
        using var file = StreamTestFile.Create(6);
        var reader = ScanImageTiffReader.Open(file.Path);
        var kept = new List<Frame<short>>();
        await foreach (var frame in reader.StreamFrames<short>())
        {
            kept.Add(frame);
        }

        StreamTestFile.AssertFrame(5, kept[5].Pixels.Span, N);
        reader.Dispose();
        foreach (var frame in kept)
        {
            Assert.Throws<ObjectDisposedException>(() => frame.Pixels.Span.Length);
            Assert.Throws<ObjectDisposedException>(() => frame.GetDescriptionBytes());
        }
    }

    [Fact]
    public async Task Streaming_a_disposed_reader_throws_ObjectDisposedException()
    {
        using var file = StreamTestFile.Create(3);
        var reader = ScanImageTiffReader.Open(file.Path);
        var stream = reader.StreamFrames<short>();
        reader.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () =>
        {
            await foreach (var _ in stream)
            {
            }
        });
    }

    [Fact]
    public async Task Reader_disposed_mid_stream_fails_the_RandomAccess_producer_cleanly()
    {
        // With pread nothing is unmapped under the producer, so disposing mid-stream is a clean failure.
        using var file = StreamTestFile.Create(100);
        var reader = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = ReadBackend.RandomAccess });
        var count = 0;
        await Assert.ThrowsAsync<ObjectDisposedException>(async () =>
        {
            await foreach (var frame in reader.StreamFrames<short>(new FrameStreamOptions { Depth = 2 }))
            {
                StreamTestFile.AssertFrame(frame.Index, frame.Pixels.Span, N);
                if (++count == 10)
                {
                    reader.Dispose();
                }
            }
        });
        Assert.InRange(count, 10, 13);
    }

    [Fact]
    public async Task RandomAccess_backend_streams_copies()
    {
        using var file = StreamTestFile.Create(12);
        using var reader = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = ReadBackend.RandomAccess });
        var count = 0;
        await foreach (var frame in reader.StreamFrames<short>(new FrameStreamOptions { Stride = 2 }))
        {
            Assert.True(frame.IsCopy);
            StreamTestFile.AssertFrame(frame.Index, frame.Pixels.Span, N);
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes($"frame={frame.Index}\n\0"), frame.GetDescriptionBytes().ToArray());
            count++;
        }

        Assert.Equal(6, count);
    }

    [Fact]
    public async Task Big_endian_frames_are_copied_and_swapped()
    {
        using var file = StreamTestFile.Create(7, options: new TiffWriterOptions { ByteOrder = TiffByteOrder.BigEndian });
        using var reader = ScanImageTiffReader.Open(file.Path);
        Assert.Equal(TiffByteOrder.BigEndian, reader.ByteOrder);
        var count = 0;
        await foreach (var frame in reader.StreamFrames<short>())
        {
            Assert.True(frame.IsCopy);
            StreamTestFile.AssertFrame(frame.Index, frame.Pixels.Span, N);
            count++;
        }

        Assert.Equal(7, count);
    }

    [Fact]
    public async Task Multi_strip_classic_tiff_frames_are_correct()
    {
        using var file = StreamTestFile.Create(5, options: new TiffWriterOptions { BigTiff = false, RowsPerStrip = 3 });
        using var reader = ScanImageTiffReader.Open(file.Path);
        var count = 0;
        await foreach (var frame in reader.StreamFrames<short>())
        {
            StreamTestFile.AssertFrame(frame.Index, frame.Pixels.Span, N);
            count++;
        }

        Assert.Equal(5, count);
    }

    [Fact]
    public void Copies_are_bounded_by_the_byte_budget()
    {
        var options = new FrameStreamOptions { Depth = 16, MaxBufferedBytes = 64L << 20 };
        Assert.Equal(16, FrameChannel.Capacity(options, 0));
        Assert.Equal(16, FrameChannel.Capacity(options, 512 << 10));
        Assert.Equal(6, FrameChannel.Capacity(options, 8L << 20)); // 6 queued + filling + held = 64 MiB
        Assert.Equal(1, FrameChannel.Capacity(options, 1L << 30));
    }
}
