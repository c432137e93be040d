using System.Runtime.ExceptionServices;

namespace ScanImageTiff.Reading;

/// <summary>
/// Makes items 0 .. count-1 on worker threads, a bounded number ahead, and hands them to one consumer strictly in
/// order (<see cref="Take"/>): for a sink that must see frames in order (a stream, a running checksum, a stream pump)
/// while the decodes that make them run on every core. Decoding compressed frames is bound by the CPU, so one
/// producer leaves cores idle; here the consumer's work overlaps the next items' decodes.
/// </summary>
/// <remarks>
/// <para>Errors reach the consumer in item order: <see cref="Take"/> of the first failing item rethrows its exception
/// as thrown, after every item before it; nothing after it is made.</para>
/// <para>The work runs on <see cref="DecodeThreads"/> (kept threads, not the thread pool, whose threads the consumer
/// may be using). A job never waits for ring space: it ends when the ring is full, and <see cref="Take"/> schedules
/// another when it frees a slot, so producers sharing the threads never wait on each other. <see cref="Dispose"/>
/// stops the jobs, waits for them to end, then hands every item made but never taken to the release callback.</para>
/// </remarks>
/// <typeparam name="T">The item.</typeparam>
internal sealed class OrderedProducer<T> : IDisposable, IDecodeJob
{
    private readonly object _gate = new();
    private readonly Func<int, T> _produce;
    private readonly Action<T> _release;
    private readonly T[] _items;
    private readonly int[] _ready;
    private readonly ExceptionDispatchInfo?[] _errors;
    private readonly int _workers;
    private readonly int _count;
    private int _active;
    private int _next;
    private int _taken;
    private int _failedAt = int.MaxValue;
    private bool _stop;

    /// <summary>Starts up to <paramref name="workers"/> jobs making up to <paramref name="depth"/> items ahead of the consumer.</summary>
    public OrderedProducer(int count, int workers, int depth, Func<int, T> produce, Action<T> release)
    {
        _count = count;
        _produce = produce;
        _release = release;
        depth = Math.Max(1, depth);
        _items = new T[depth];
        _ready = new int[depth];
        _errors = new ExceptionDispatchInfo?[depth];
        Array.Fill(_ready, -1);
        _workers = Math.Clamp(Math.Min(workers, count), 1, DecodeThreads.Count);
        int start;
        lock (_gate)
        {
            start = TopUp();
        }

        Schedule(start);
    }

    /// <summary>
    /// Item <paramref name="index"/>, which must be the next one (0, 1, 2, ...): waits until it is made, or rethrows the
    /// exception making it threw. The caller owns the item.
    /// </summary>
    public T Take(int index)
    {
        var slot = index % _items.Length;
        T item;
        ExceptionDispatchInfo? error;
        int jobs;
        lock (_gate)
        {
            if (index != _taken)
            {
                throw new InvalidOperationException($"items are taken in order: expected {_taken}, asked for {index}");
            }

            while (_ready[slot] != index)
            {
                Monitor.Wait(_gate);
            }

            (item, error) = (_items[slot], _errors[slot]);
            (_items[slot], _errors[slot], _ready[slot]) = (default!, null, -1);
            _taken = index + 1;
            jobs = TopUp();
        }

        Schedule(jobs);
        error?.Throw();
        return item;
    }

    /// <summary>Stops the jobs, waits for them to end, and releases every item made but not taken.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stop = true;
            while (_active > 0)
            {
                Monitor.Wait(_gate);
            }
        }

        for (var slot = 0; slot < _items.Length; slot++)
        {
            if (_ready[slot] >= 0 && _errors[slot] is null)
            {
                _release(_items[slot]);
            }

            (_items[slot], _ready[slot]) = (default!, -1);
        }
    }

    /// <summary>One job: makes items while the ring has room, then ends (never waits for the consumer).</summary>
    void IDecodeJob.Run()
    {
        var depth = _items.Length;
        while (true)
        {
            int index;
            lock (_gate)
            {
                // Past a failed item nothing is needed (the consumer stops there); a full ring waits for Take.
                if (_stop || _next >= _count || _next > _failedAt || _next - _taken >= depth)
                {
                    _active--;
                    Monitor.PulseAll(_gate);
                    return;
                }

                index = _next++;
            }

            T item = default!;
            ExceptionDispatchInfo? error = null;
            try
            {
                item = _produce(index);
            }
#pragma warning disable CA1031 // Any failure belongs to the consumer, in item order.
            catch (Exception e)
#pragma warning restore CA1031
            {
                error = ExceptionDispatchInfo.Capture(e);
            }

            lock (_gate)
            {
                var slot = index % depth;
                (_items[slot], _errors[slot], _ready[slot]) = (item, error, index);
                if (error is not null)
                {
                    _failedAt = Math.Min(_failedAt, index);
                }

                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Under the lock: counts in the jobs to start so that up to the worker count run while items can be made.</summary>
    private int TopUp()
    {
        var claimable = Math.Min(_count, _failedAt == int.MaxValue ? _count : _failedAt + 1) - _next;
        claimable = Math.Min(claimable, _items.Length - (_next - _taken));
        var jobs = _stop ? 0 : Math.Clamp(Math.Min(_workers - _active, claimable), 0, _workers);
        _active += jobs;
        return jobs;
    }

    private void Schedule(int jobs)
    {
        for (var j = 0; j < jobs; j++)
        {
            DecodeThreads.Run(this);
        }
    }
}
