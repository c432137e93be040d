using System.Threading.Channels;
using ScanImageTiff.Reading;

namespace ScanImageTiff.Streaming;

/// <summary>
/// The stream pump: a producer task fills a bounded channel with items made by a struct source;
/// the consumer's async iterator drains it.
/// </summary>
/// <remarks>
/// Both sides wait with <see cref="CancellationToken.None"/>, which lets the channel reuse one waiter
/// object per side instead of allocating one per wait; cancellation reaches the consumer through the
/// producer instead (it checks the linked token before every item and completes the channel with the
/// <see cref="OperationCanceledException"/>), and the consumer checks the caller's token before handing
/// out every item. Leaving the loop for any reason (end, break, exception, cancellation) cancels the
/// producer, completes the channel so a blocked producer wakes up, waits for the producer to finish
/// (so it never touches the reader after the loop, and disposing the reader right after is safe),
/// then releases whatever the consumer never received.
/// </remarks>
internal static class FrameChannel
{
    public static IAsyncEnumerable<TItem> RunAsync<TSource, TItem>(
        ScanImageTiffReader reader,
        FrameStreamOptions options,
        int batchSize,
        CancellationToken cancellationToken)
        where TSource : struct, IFrameItemSource<TSource, TItem> =>
        PumpAsync<TSource, TItem>(
            () =>
            {
                reader.Source.ThrowIfDisposed();
                return TSource.Create(reader, options.Resolve(reader), options, batchSize);
            },
            options,
            cancellationToken);

    /// <summary>
    /// Runs the pump over the source <paramref name="create"/> makes when enumeration starts (its checks and
    /// exceptions happen then, as for any async iterator).
    /// </summary>
    public static async IAsyncEnumerable<TItem> PumpAsync<TSource, TItem>(
        Func<TSource> create,
        FrameStreamOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TSource : struct, IStreamItemSource<TItem>
    {
        cancellationToken.ThrowIfCancellationRequested();
        var source = create();
        var workers = Workers(options, source);
        var channel = Channel.CreateBounded<TItem>(new BoundedChannelOptions(Capacity(options, source.ItemBytes, workers))
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => ProduceAsync<TSource, TItem>(source, channel.Writer, workers, stop.Token), CancellationToken.None);
        options.ProducerStarted?.Invoke(producer);
        var items = channel.Reader;
        var held = false;
        TItem current = default!;
        try
        {
            while (true)
            {
                if (items.TryRead(out var item))
                {
                    if (held)
                    {
                        held = false;
                        source.Consumed(current);
                    }

                    if (cancellationToken.IsCancellationRequested)
                    {
                        source.Release(item);
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    current = item;
                    held = true;
                    yield return item;
                }
                else if (!await items.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    // Completed without error: every item was delivered.
                    break;
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            channel.Writer.TryComplete();
            await producer.ConfigureAwait(false);
            if (held)
            {
                source.Consumed(current);
            }

            while (items.TryRead(out var left))
            {
                source.Release(left);
            }
        }
    }

    /// <summary>
    /// The queue depth: <see cref="FrameStreamOptions.Depth"/>, lowered so the copies a stream holds at once
    /// (the queue, the item the producer is filling and the one the consumer holds, and with
    /// <paramref name="workers"/> decoding ahead one item in the hands of each) fit the byte budget.
    /// </summary>
    internal static int Capacity(FrameStreamOptions options, long itemBytes, int workers = 0) =>
        itemBytes <= 0 ? options.Depth : (int)Math.Clamp((options.MaxBufferedBytes / itemBytes) - 2 - workers, 1, options.Depth);

    /// <summary>
    /// Decoding workers for a source whose items are CPU work: one per core while the byte budget leaves room for
    /// one decoded item each besides a queue of one (else 0: the producer makes each item itself).
    /// </summary>
    internal static int Workers<TItem>(FrameStreamOptions options, IStreamItemSource<TItem> source)
    {
        if (!source.ProducesInParallel || source.ItemCount < 2 || Environment.ProcessorCount < 2)
        {
            return 0;
        }

        var room = source.ItemBytes <= 0 ? long.MaxValue : (options.MaxBufferedBytes / source.ItemBytes) - 3;
        var workers = (int)Math.Min(Environment.ProcessorCount, room);
        return workers >= 2 ? workers : 0;
    }

    /// <summary>
    /// The workers for <see cref="ProduceAsync"/>, made here so the lambdas capture copies of the source and the token,
    /// not the async method's own parameters (which would then live in a closure for every item the loop makes).
    /// </summary>
    private static OrderedProducer<TItem> StartDecoding<TSource, TItem>(TSource source, int workers, CancellationToken cancellationToken)
        where TSource : struct, IStreamItemSource<TItem> =>
        new(source.ItemCount, workers, workers, k => source.Produce(k, cancellationToken), item => source.Release(item));

    /// <summary>Never faults: its exception (including cancellation) is handed to the consumer through the channel.</summary>
    private static async Task ProduceAsync<TSource, TItem>(TSource source, ChannelWriter<TItem> writer, int workers, CancellationToken cancellationToken)
        where TSource : struct, IStreamItemSource<TItem>
    {
        Exception? error = null;

        // Decoding workers make items ahead, in order; this loop takes them one by one (a short blocking wait on the
        // kept decode threads, never on the pool) and queues them as it would its own.
        var decoded = workers == 0 ? null : StartDecoding<TSource, TItem>(source, workers, cancellationToken);
        try
        {
            var count = source.ItemCount;
            for (var k = 0; k < count; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var item = decoded is null ? source.Produce(k, cancellationToken) : decoded.Take(k);
                while (!writer.TryWrite(item))
                {
                    bool open;
                    try
                    {
                        open = await writer.WaitToWriteAsync(CancellationToken.None).ConfigureAwait(false);
                    }
                    catch
                    {
                        source.Release(item);
                        throw;
                    }

                    if (!open)
                    {
                        // The consumer is gone and has completed the channel.
                        source.Release(item);
                        return;
                    }
                }
            }
        }
#pragma warning disable CA1031 // Any failure must reach the consumer, not fault an unobserved task.
        catch (Exception e)
#pragma warning restore CA1031
        {
            error = e;
        }
        finally
        {
            decoded?.Dispose();
            writer.TryComplete(error);
        }
    }
}
