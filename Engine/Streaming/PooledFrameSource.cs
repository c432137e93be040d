namespace ScanImageTiff.Streaming;

/// <summary>Frames copied (and byte-swapped when needed) into pooled buffers the consumer owns.</summary>
internal readonly struct PooledFrameSource<T> : IFrameItemSource<PooledFrameSource<T>, PooledFrame<T>>
    where T : unmanaged
{
    private readonly ScanImageTiffReader _reader;
    private readonly FrameSelection _selection;

    private PooledFrameSource(ScanImageTiffReader reader, FrameSelection selection)
    {
        _reader = reader;
        _selection = selection;
        ItemBytes = reader.MaxFrameBytes();
        ProducesInParallel = reader.Table.AnyDecoded;
    }

    public int ItemCount => _selection.Count;

    public long ItemBytes { get; }

    public bool ProducesInParallel { get; }

    public static PooledFrameSource<T> Create(ScanImageTiffReader reader, FrameSelection selection, FrameStreamOptions options, int batchSize) =>
        new(reader, selection);

    public PooledFrame<T> Produce(int item, CancellationToken cancellationToken)
    {
        var index = _selection.IndexAt(item);
        return new PooledFrame<T>(_reader, index, item, _selection.TagAt(item), _reader.ReadFramePooled<T>(index));
    }

    public void Release(PooledFrame<T> item) => item.Dispose();

    public void Consumed(PooledFrame<T> item)
    {
        // The consumer owns what it received.
    }
}
