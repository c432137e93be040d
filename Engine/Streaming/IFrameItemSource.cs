namespace ScanImageTiff.Streaming;

/// <summary>
/// Makes the items of one stream (single frames, pooled copies, batches). Implemented by structs so
/// the producer loop is specialised per item type: no virtual calls, closures or boxing per frame.
/// </summary>
internal interface IFrameItemSource<TSelf, TItem>
    where TSelf : struct, IFrameItemSource<TSelf, TItem>
{
    /// <summary>Items the stream will deliver.</summary>
    int ItemCount { get; }

    /// <summary>Private bytes one queued item holds (0 for views of the mapping); bounds the queue depth.</summary>
    long ItemBytes { get; }

    static abstract TSelf Create(ScanImageTiffReader reader, FrameSelection selection, FrameStreamOptions options, int batchSize);

    /// <summary>Makes item <paramref name="item"/>; runs on the producer thread.</summary>
    TItem Produce(int item, CancellationToken cancellationToken);

    /// <summary>Frees an item the consumer never received (left in the queue, or in the producer's hands).</summary>
    void Release(TItem item);
}
