using ScanImageTiff.Reading;

namespace ScanImageTiff.Tests.Reading;

/// <summary>
/// The ordered fill: chunks filled on worker threads reach the consumer in order with exactly their bytes; the
/// first failing chunk's exception (in chunk order, not in time order) is what the caller sees, after every chunk
/// before it; a failing consumer or a cancellation stops the workers instead of leaving them blocked.
/// </summary>
public sealed class OrderedFillTests
{
    // Chunk c holds (c * 31 + i) & 0xff at byte i: computed here, never by the pipeline.
    private static byte Expected(int chunk, int i) => (byte)((chunk * 31) + i);

    private static int SizeOf(int chunk) => 1 + ((chunk * 7919) % 5000);

    private static void Fill(int chunk, Memory<byte> memory)
    {
        var span = memory.Span;
        Assert.Equal(SizeOf(chunk), span.Length);
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = Expected(chunk, i);
        }

        // Uneven work so that chunks finish out of order.
        Thread.SpinWait((chunk % 3) * 20_000);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 2)]
    [InlineData(200, 1)]
    [InlineData(200, 2)]
    [InlineData(200, 5)]
    public void Chunks_arrive_in_order_with_their_bytes(int count, int workers)
    {
        var seen = new List<int>();
        OrderedFill.Run(count, 5000, workers, SizeOf, Fill, (c, bytes) =>
        {
            seen.Add(c);
            Assert.Equal(SizeOf(c), bytes.Length);
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] != Expected(c, i))
                {
                    Assert.Fail($"chunk {c} byte {i}: {bytes[i]} != {Expected(c, i)}");
                }
            }
        }, CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, count), seen);
    }

    [Fact]
    public void The_first_failing_chunk_in_order_is_thrown_after_every_chunk_before_it()
    {
        // Chunk 41 fails at once, chunk 40 only after a while: the caller must still see 40's error, and 0..39.
        var seen = new List<int>();
        var e = Assert.Throws<InvalidDataException>(() => OrderedFill.Run(100, 5000, 3, SizeOf, (c, memory) =>
        {
            if (c == 40)
            {
                Thread.Sleep(50);
                throw new InvalidDataException("chunk 40 is bad");
            }

            if (c == 41)
            {
                throw new InvalidDataException("chunk 41 is bad");
            }

            Fill(c, memory);
        }, (c, _) => seen.Add(c), CancellationToken.None));
        Assert.Equal("chunk 40 is bad", e.Message);
        Assert.Equal(Enumerable.Range(0, 40), seen);
    }

    [Fact]
    public void A_failing_consumer_stops_the_workers()
    {
        var filled = 0;
        var e = Assert.Throws<IOException>(() => OrderedFill.Run(10_000, 5000, 2, SizeOf, (c, memory) =>
        {
            Interlocked.Increment(ref filled);
            Fill(c, memory);
        }, (c, _) =>
        {
            if (c == 5)
            {
                throw new IOException("disk full");
            }
        }, CancellationToken.None));
        Assert.Equal("disk full", e.Message);

        // Run returned, so its workers were joined; they got no further than the ring allows.
        Assert.InRange(filled, 6, 6 + 4);
    }

    [Fact]
    public void Cancellation_stops_between_chunks()
    {
        using var cts = new CancellationTokenSource();
        var seen = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => OrderedFill.Run(10_000, 5000, 2, SizeOf, Fill, (c, _) =>
        {
            seen++;
            if (c == 3)
            {
                cts.Cancel();
            }
        }, cts.Token));
        Assert.Equal(4, seen);
    }
}
