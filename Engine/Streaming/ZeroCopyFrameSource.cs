using ScanImageTiff.Acquisition;

namespace ScanImageTiff.Streaming;

/// <summary>
/// Frames as views of the mapping, pages prefaulted by the producer. Frames that cannot be views
/// (byte-swapped, scattered strips, no mapping) become private array copies.
/// </summary>
internal readonly struct ZeroCopyFrameSource<T> : IFrameItemSource<ZeroCopyFrameSource<T>, Frame<T>>
    where T : unmanaged
{
    private readonly ScanImageTiffReader _reader;
    private readonly FrameSelection _selection;
    private readonly PageTouch _touch;

    private ZeroCopyFrameSource(ScanImageTiffReader reader, FrameSelection selection, PageTouch touch, long itemBytes)
    {
        _reader = reader;
        _selection = selection;
        _touch = touch;
        ItemBytes = itemBytes;
        ProducesInParallel = itemBytes > 0 && reader.Table.AnyDecoded;
    }

    public int ItemCount => _selection.Count;

    public long ItemBytes { get; }

    public bool ProducesInParallel { get; }

    public static ZeroCopyFrameSource<T> Create(ScanImageTiffReader reader, FrameSelection selection, FrameStreamOptions options, int batchSize)
    {
        long itemBytes = 0;
        for (var k = 0; k < selection.Count; k++)
        {
            if (!reader.CanReadZeroCopy(selection.IndexAt(k)))
            {
                itemBytes = reader.MaxFrameBytes();
                break;
            }
        }

        return new ZeroCopyFrameSource<T>(reader, selection, options.TouchPages, itemBytes);
    }

    public Frame<T> Produce(int item, CancellationToken cancellationToken)
    {
        var index = _selection.IndexAt(item);
        var tag = _selection.TagAt(item);
        if (_reader.TryGetFrameMemory<T>(index, out var pixels))
        {
            PageToucher.Touch(pixels, _touch);
            return new Frame<T>(_reader, index, item, tag, pixels, isCopy: false);
        }

        var copy = GC.AllocateUninitializedArray<T>(checked((int)_reader.GetFrameInfo(index).ElementCount));
        _reader.ReadFrame<T>(index, copy);
        return new Frame<T>(_reader, index, item, tag, copy, isCopy: true);
    }

    public void Release(Frame<T> item)
    {
    }

    public void Consumed(Frame<T> item)
    {
        // The consumer owns what it received.
    }
}
