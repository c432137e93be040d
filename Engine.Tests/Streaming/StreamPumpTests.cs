using ScanImageTiff.Streaming;

namespace ScanImageTiff.Tests.Streaming;

/// <summary>
/// The channel pump with a source that counts what it makes and what it gets back: every item is
/// either delivered to the consumer or released, whatever way the loop ends.
/// </summary>
public sealed class StreamPumpTests
{
    [Fact]
    public async Task Early_break_releases_everything_not_delivered()
    {
        using var file = StreamTestFile.Create(1);
        using var reader = ScanImageTiffReader.Open(file.Path);
        var ledger = CountingSource.Reset(items: 1000, failAt: -1);
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

    [Fact]
    public async Task Cancellation_releases_everything_not_delivered()
    {
        using var file = StreamTestFile.Create(1);
        using var reader = ScanImageTiffReader.Open(file.Path);
        var ledger = CountingSource.Reset(items: 1000, failAt: -1);
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

    [Fact]
    public async Task Producer_failure_surfaces_with_its_own_exception_after_earlier_items()
    {
        using var file = StreamTestFile.Create(1);
        using var reader = ScanImageTiffReader.Open(file.Path);
        var ledger = CountingSource.Reset(items: 1000, failAt: 37);
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

    [Fact]
    public async Task Consumer_exception_releases_everything_not_delivered()
    {
        using var file = StreamTestFile.Create(1);
        using var reader = ScanImageTiffReader.Open(file.Path);
        var ledger = CountingSource.Reset(items: 1000, failAt: -1);
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
    }

    private readonly struct CountingSource : IFrameItemSource<CountingSource, int>
    {
        // Tests in one class run one at a time, so one ledger is enough.
        private static Ledger s_ledger = new();

        public int ItemCount => s_ledger.Items;

        public long ItemBytes => 1;

        public static Ledger Reset(int items, int failAt) => s_ledger = new Ledger { Items = items, FailAt = failAt };

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
