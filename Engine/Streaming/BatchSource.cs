using CommunityToolkit.HighPerformance.Buffers;

namespace ScanImageTiff.Streaming;

/// <summary>Consecutive entries of the selection copied back to back into one pooled block per batch.</summary>
internal readonly struct BatchSource<T> : IFrameItemSource<BatchSource<T>, FrameBatch<T>>
    where T : unmanaged
{
    private readonly ScanImageTiffReader _reader;
    private readonly FrameSelection _selection;
    private readonly int _batchSize;

    private BatchSource(ScanImageTiffReader reader, FrameSelection selection, int batchSize)
    {
        _reader = reader;
        _selection = selection;
        _batchSize = batchSize;
        ItemCount = (int)(((long)selection.Count + batchSize - 1) / batchSize);
        ItemBytes = reader.MaxFrameBytes() * Math.Min(batchSize, Math.Max(1, selection.Count));
    }

    public int ItemCount { get; }

    public long ItemBytes { get; }

    // A batch is one interval copy, which already spreads decoding over the cores.
    public bool ProducesInParallel => false;

    public static BatchSource<T> Create(ScanImageTiffReader reader, FrameSelection selection, FrameStreamOptions options, int batchSize) =>
        new(reader, selection, batchSize);

    public unsafe FrameBatch<T> Produce(int item, CancellationToken cancellationToken)
    {
        var first = item * _batchSize;
        var count = Math.Min(_batchSize, _selection.Count - first);
        var firstIndex = _selection.IndexAt(first);
        var shape = _reader.GetFrameInfo(firstIndex);
        var layouts = _reader.Table.LayoutIndex;
        for (var k = first; k < first + count; k++)
        {
            var index = _selection.IndexAt(k);
            if (layouts[index] != layouts[firstIndex] && !_reader.GetFrameInfo(index).SameShape(shape))
            {
                throw new InvalidOperationException(
                    $"{_reader.FilePath}: a batch needs frames of one shape, but frame {firstIndex} is {shape.Describe()} and frame {index} is " +
                    $"{_reader.GetFrameInfo(index).Describe()}. Stream them with StreamFrames or StreamPooledFrames instead.");
            }
        }

        var totalBytes = SelectionCopier.RequireReadable<T>(_reader, _selection, first, first + count);
        var owner = MemoryOwner<T>.Allocate(checked(count * (int)shape.ElementCount), AllocationMode.Default);
        try
        {
            fixed (T* destination = owner.Span)
            {
                SelectionCopier.Copy(_reader, _selection, first, first + count, (byte*)destination, totalBytes, cancellationToken);
            }

            return new FrameBatch<T>(_reader, _selection, first, count, shape, owner);
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    public void Release(FrameBatch<T> item) => item.Dispose();

    public void Consumed(FrameBatch<T> item)
    {
        // The consumer owns what it received.
    }
}
