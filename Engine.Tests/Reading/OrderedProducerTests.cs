using ScanImageTiff.Reading;

namespace ScanImageTiff.Tests.Reading;

/// <summary>
/// The ordered producer: items made on worker threads reach the consumer in order with exactly their contents; the
/// first failing item's exception (in item order, not in time order) is what the consumer sees, after every item
/// before it; disposing early stops the jobs and releases what was made; producers that share the decode threads
/// never wait on each other.
/// </summary>
public sealed class OrderedProducerTests
{
    // Item k holds (k * 31 + i) & 0xff at byte i: computed here, never by the producer.
    private static byte Expected(int item, int i) => (byte)((item * 31) + i);

    private static int SizeOf(int item) => 1 + ((item * 7919) % 5000);

    private static byte[] Make(int item)
    {
        var bytes = new byte[SizeOf(item)];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = Expected(item, i);
        }

        // Uneven work so that items finish out of order.
        Thread.SpinWait((item % 3) * 20_000);
        return bytes;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 2)]
    [InlineData(200, 1)]
    [InlineData(200, 2)]
    [InlineData(200, 5)]
    public void Items_arrive_in_order_with_their_contents(int count, int workers)
    {
        using var producer = new OrderedProducer<byte[]>(count, workers, 2 * workers, Make, _ => Assert.Fail("nothing is left over"));
        for (var k = 0; k < count; k++)
        {
            var bytes = producer.Take(k);
            Assert.Equal(SizeOf(k), bytes.Length);
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] != Expected(k, i))
                {
                    Assert.Fail($"item {k} byte {i}: {bytes[i]} != {Expected(k, i)}");
                }
            }
        }
    }

    [Fact]
    public void The_first_failing_item_in_order_is_thrown_after_every_item_before_it()
    {
        // Item 41 fails at once, item 40 only after a while: the consumer must still see 40's error, after 0..39.
        using var producer = new OrderedProducer<byte[]>(100, 3, 6, k =>
        {
            if (k == 40)
            {
                Thread.Sleep(50);
                throw new InvalidDataException("item 40 is bad");
            }

            return k == 41 ? throw new InvalidDataException("item 41 is bad") : Make(k);
        }, _ => { });
        for (var k = 0; k < 40; k++)
        {
            Assert.Equal(SizeOf(k), producer.Take(k).Length);
        }

        var e = Assert.Throws<InvalidDataException>(() => producer.Take(40));
        Assert.Equal("item 40 is bad", e.Message);
    }

    [Fact]
    public void Disposing_early_stops_the_workers_and_releases_what_they_made()
    {
        var made = 0;
        var released = 0;
        var producer = new OrderedProducer<byte[]>(10_000, 2, 4, k =>
        {
            Interlocked.Increment(ref made);
            return Make(k);
        }, _ => Interlocked.Increment(ref released));
        for (var k = 0; k < 5; k++)
        {
            producer.Take(k);
        }

        producer.Dispose();

        // Dispose returned, so its workers were joined: they got no further than the ring allows, and every item
        // made but not taken was released.
        Assert.InRange(made, 5, 5 + 4);
        Assert.Equal(made - 5, released);
    }

    [Fact]
    public void Producers_sharing_the_decode_threads_do_not_wait_on_each_other()
    {
        // One consumer zips four producers with small rings: every thread of the shared pool may hold a job of
        // another producer whose ring is full, so a job that waited for ring space would deadlock here.
        var producers = Enumerable.Range(0, 4).Select(_ => new OrderedProducer<byte[]>(300, 2, 2, Make, _ => { })).ToArray();
        try
        {
            for (var k = 0; k < 300; k++)
            {
                foreach (var producer in producers)
                {
                    Assert.Equal(Expected(k, 0), producer.Take(k)[0]);
                }
            }
        }
        finally
        {
            foreach (var producer in producers)
            {
                producer.Dispose();
            }
        }
    }

    [Fact]
    public void Items_must_be_taken_in_order()
    {
        using var producer = new OrderedProducer<byte[]>(10, 2, 4, Make, _ => { });
        Assert.Throws<InvalidOperationException>(() => producer.Take(1));
    }
}
