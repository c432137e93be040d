using System.Buffers;
using System.Runtime.ExceptionServices;

namespace ScanImageTiff.Reading;

/// <summary>
/// Fills numbered chunks on worker threads, a bounded number ahead, and hands them to the calling thread strictly
/// in order: for a sink that must see the bytes in order (a stream, a running checksum) while the reads or
/// decodes that produce them run on every core. Decoding compressed frames is bound by the CPU, so a copy that
/// stops every few MiB to let the sink catch up leaves cores idle; here the sink's work overlaps the next
/// chunks' fills. Errors reach the caller in chunk order: the first failing chunk's exception, as thrown.
/// </summary>
/// <remarks>
/// Workers are dedicated background threads, not thread-pool work: they block while the ring is full, and a
/// pool whose threads block waiting on each other can stall until it injects more. Memory is the ring:
/// two pooled buffers of the largest chunk per worker (at least one more than the workers when chunks are large).
/// </remarks>
internal sealed class OrderedFill
{
    // Ring memory beyond which fewer than two chunks per worker are kept (large frames are chunks of their own).
    private const long RingBytes = 32L << 20;

    private readonly Func<int, int> _sizeOf;
    private readonly Action<int, Memory<byte>> _fill;
    private readonly byte[][] _ring;
    private readonly int[] _ready;
    private readonly ExceptionDispatchInfo?[] _errors;
    private readonly int _count;
    private readonly CancellationToken _cancellationToken;
    private int _nextToFill;
    private readonly object _gate = new();
    private int _consumed;
    private int _failedAt = int.MaxValue;
    private bool _stop;

    private OrderedFill(int count, int depth, int maxChunkBytes, Func<int, int> sizeOf, Action<int, Memory<byte>> fill, CancellationToken cancellationToken)
    {
        _count = count;
        _sizeOf = sizeOf;
        _fill = fill;
        _cancellationToken = cancellationToken;
        _ring = new byte[depth][];
        _ready = new int[depth];
        _errors = new ExceptionDispatchInfo?[depth];
        Array.Fill(_ready, -1);
        for (var i = 0; i < depth; i++)
        {
            _ring[i] = ArrayPool<byte>.Shared.Rent(maxChunkBytes);
        }
    }

    /// <summary>
    /// Fills chunks 0 .. <paramref name="count"/>-1 with <paramref name="fill"/> (exactly <paramref name="sizeOf"/>
    /// bytes each, up to <paramref name="maxChunkBytes"/>) on up to <paramref name="workers"/> threads, and calls
    /// <paramref name="consume"/> on this thread with each chunk's bytes in order.
    /// </summary>
    public static void Run(
        int count,
        int maxChunkBytes,
        int workers,
        Func<int, int> sizeOf,
        Action<int, Memory<byte>> fill,
        Action<int, ReadOnlySpan<byte>> consume,
        CancellationToken cancellationToken)
    {
        workers = Math.Clamp(Math.Min(workers, count), 1, 64);

        // Two chunks per worker keep every worker busy while the consumer works; fewer when chunks are huge.
        var depth = (int)Math.Clamp(RingBytes / Math.Max(1, maxChunkBytes), workers + 1, 2 * workers);
        var pipeline = new OrderedFill(count, depth, maxChunkBytes, sizeOf, fill, cancellationToken);
        var threads = new Thread[workers];
        try
        {
            for (var w = 0; w < workers; w++)
            {
                threads[w] = new Thread(pipeline.Work) { IsBackground = true, Name = "ScanImageTiff fill" };
                threads[w].Start();
            }

            pipeline.Consume(consume);
        }
        finally
        {
            pipeline.Stop();
            foreach (var thread in threads)
            {
                thread?.Join();
            }

            // Only now no worker can still write into the ring.
            foreach (var buffer in pipeline._ring)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private void Consume(Action<int, ReadOnlySpan<byte>> consume)
    {
        var depth = _ring.Length;
        for (var chunk = 0; chunk < _count; chunk++)
        {
            var slot = chunk % depth;
            lock (_gate)
            {
                while (_ready[slot] != chunk)
                {
                    Monitor.Wait(_gate);
                }
            }

            _errors[slot]?.Throw();
            _cancellationToken.ThrowIfCancellationRequested();
            consume(chunk, _ring[slot].AsSpan(0, _sizeOf(chunk)));
            lock (_gate)
            {
                _consumed = chunk + 1;
                Monitor.PulseAll(_gate);
            }
        }
    }

    private void Work()
    {
        var depth = _ring.Length;
        while (true)
        {
            int chunk;
            lock (_gate)
            {
                // Past a failed chunk nothing is needed: the consumer stops there.
                if (_stop || _nextToFill >= _count || _nextToFill > _failedAt)
                {
                    return;
                }

                chunk = _nextToFill++;

                // The ring slot is free once the consumer has taken the chunk `depth` before this one. Chunks before
                // a failed one are still filled: the consumer reaches them first.
                while (!_stop && chunk <= _failedAt && chunk - _consumed >= depth)
                {
                    Monitor.Wait(_gate);
                }

                if (_stop || chunk > _failedAt)
                {
                    return;
                }
            }

            var slot = chunk % depth;
            ExceptionDispatchInfo? error = null;
            try
            {
                _cancellationToken.ThrowIfCancellationRequested();
                _fill(chunk, _ring[slot].AsMemory(0, _sizeOf(chunk)));
            }
            catch (Exception e)
            {
                error = ExceptionDispatchInfo.Capture(e);
            }

            lock (_gate)
            {
                _errors[slot] = error;
                _ready[slot] = chunk;
                if (error is not null)
                {
                    _failedAt = Math.Min(_failedAt, chunk);
                }

                Monitor.PulseAll(_gate);
            }
        }
    }

    private void Stop()
    {
        lock (_gate)
        {
            _stop = true;
            Monitor.PulseAll(_gate);
        }
    }
}
