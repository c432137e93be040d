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
/// <para>Workers are dedicated background threads, not thread-pool work: they block while the ring is full, and the
/// consumer may itself be a pool thread. <see cref="Dispose"/> stops and joins them, then hands every item made but
/// never taken to the release callback.</para>
/// </remarks>
/// <typeparam name="T">The item.</typeparam>
internal sealed class OrderedProducer<T> : IDisposable
{
    private readonly object _gate = new();
    private readonly Func<int, T> _produce;
    private readonly Action<T> _release;
    private readonly T[] _items;
    private readonly int[] _ready;
    private readonly ExceptionDispatchInfo?[] _errors;
    private readonly Thread[] _threads;
    private readonly int _count;
    private int _next;
    private int _taken;
    private int _failedAt = int.MaxValue;
    private bool _stop;

    /// <summary>Starts <paramref name="workers"/> threads making up to <paramref name="depth"/> items ahead of the consumer.</summary>
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
        _threads = new Thread[Math.Clamp(Math.Min(workers, count), 1, 64)];
        for (var w = 0; w < _threads.Length; w++)
        {
            _threads[w] = new Thread(Work) { IsBackground = true, Name = "ScanImageTiff decode" };
            _threads[w].Start();
        }
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
            Monitor.PulseAll(_gate);
        }

        error?.Throw();
        return item;
    }

    /// <summary>Stops the workers, waits for them, and releases every item made but not taken.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stop = true;
            Monitor.PulseAll(_gate);
        }

        foreach (var thread in _threads)
        {
            thread.Join();
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

    private void Work()
    {
        var depth = _items.Length;
        while (true)
        {
            int index;
            lock (_gate)
            {
                // Past a failed item nothing is needed: the consumer stops there.
                if (_stop || _next >= _count || _next > _failedAt)
                {
                    return;
                }

                index = _next++;

                // The slot is free once the consumer has taken the item `depth` before this one. Items before a
                // failed one are still made: the consumer takes them first.
                while (!_stop && index <= _failedAt && index - _taken >= depth)
                {
                    Monitor.Wait(_gate);
                }

                if (_stop || index > _failedAt)
                {
                    return;
                }
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
}
