using ScanImageTiff.Streaming;

namespace ScanImageTiff.Tests.Streaming;

/// <summary>
/// The channel pump with a source that counts what it makes and what it gets back: every item is
/// either delivered to the consumer or released, whatever way the loop ends; the same with items made by
/// decoding workers on every core, which must still arrive in order.
/// </summary>
public sealed class StreamPumpTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Early_break_releases_everything_not_delivered(bool parallel)
    {
        using var file = StreamTestFile.Create(1);
        using var reader = ScanImageTiffReader.Open(file.Path);
        var ledger = CountingSource.Reset(items: 1000, failAt: -1, parallel);
        var delivered = 0;
        await foreach (var item in Run(reader, depth: 4))
        {
            Assert.Equal(delivered, item);
            if (++delivered == 10)
            {
                break;
            }
        }

        Assert.Equal(ledger.Produced, delivered + ledger.Released);
        Assert.True(ledger.Produced < 1000);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancellation_releases_everything_not_delivered(bool parallel)
    {
        using var file = StreamTestFile.Create(1);
        using var reader = ScanImageTiffReader.Open(file.Path);
        var ledger = CountingSource.Reset(items: 1000, failAt: -1, parallel);
        using var cts = new CancellationTokenSource();
        var delivered = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in Run(reader, depth: 8, cts.Token))
            {
                if (++delivered == 20)
                {
                    await cts.CancelAsync();
                }
            }
        });

        Assert.Equal(20, delivered);
        Assert.Equal(ledger.Produced, delivered + ledger.Released);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Producer_failure_surfaces_with_its_own_exception_after_earlier_items(bool parallel)
    {
        using var file = StreamTestFile.Create(1);
        using var reader = ScanImageTiffReader.Open(file.Path);
        var ledger = CountingSource.Reset(items: 1000, failAt: 37, parallel);
        var delivered = 0;
        var e = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var item in Run(reader, depth: 5))
            {
                Assert.Equal(delivered++, item);
            }
        });

        Assert.Equal("item 37 is bad", e.Message);
        Assert.Equal(37, delivered);
        Assert.Equal(ledger.Produced, delivered + ledger.Released);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Consumer_exception_releases_everything_not_delivered(bool parallel)
    {
        using var file = StreamTestFile.Create(1);
        using var reader = ScanImageTiffReader.Open(file.Path);
        var ledger = CountingSource.Reset(items: 1000, failAt: -1, parallel);
        var delivered = 0;
        await Assert.ThrowsAsync<TimeZoneNotFoundException>(async () =>
        {
            await foreach (var item in Run(reader, depth: 5))
            {
                if (++delivered == 3)
                {
                    throw new TimeZoneNotFoundException();
                }
            }
        });

        Assert.Equal(ledger.Produced, delivered + ledger.Released);
    }

    private static IAsyncEnumerable<int> Run(ScanImageTiffReader reader, int depth, CancellationToken cancellationToken = default) =>
        FrameChannel.RunAsync<CountingSource, int>(reader, new FrameStreamOptions { Depth = depth }, 1, cancellationToken);

    private sealed class Ledger
    {
        public int Items;
        public int FailAt;
        public int Produced;
        public int Released;
        public bool Parallel;
    }

    private readonly struct CountingSource : IFrameItemSource<CountingSource, int>
    {
        // Tests in one class run one at a time, so one ledger is enough.
        private static Ledger s_ledger = new();

        public int ItemCount => s_ledger.Items;

        public long ItemBytes => 1;

        // With decoding workers (ProducesInParallel), items are made on other threads and taken in order.
        public bool ProducesInParallel => s_ledger.Parallel;

        public static Ledger Reset(int items, int failAt, bool parallel) => s_ledger = new Ledger { Items = items, FailAt = failAt, Parallel = parallel };

        public static CountingSource Create(ScanImageTiffReader reader, FrameSelection selection, FrameStreamOptions options, int batchSize) => default;

        public int Produce(int item, CancellationToken cancellationToken)
        {
            if (item == s_ledger.FailAt)
            {
                throw new InvalidDataException($"item {item} is bad");
            }

            Interlocked.Increment(ref s_ledger.Produced);
            return item;
        }

        public void Release(int item) => Interlocked.Increment(ref s_ledger.Released);

        public void Consumed(int item)
        {
        }
    }
}
