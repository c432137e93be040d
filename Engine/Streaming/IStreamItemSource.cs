namespace ScanImageTiff.Streaming;

/// <summary>Makes the items of one stream for <see cref="FrameChannel"/>; implemented by structs (see <see cref="IFrameItemSource{TSelf, TItem}"/>).</summary>
internal interface IStreamItemSource<TItem>
{
    /// <summary>Items the stream will deliver.</summary>
    int ItemCount { get; }

    /// <summary>Private bytes one queued item holds (0 for views of the mapping); bounds the queue depth.</summary>
    long ItemBytes { get; }

    /// <summary>
    /// True when making an item is CPU work (decoding compressed frames) and <see cref="Produce"/> is safe to call from
    /// several threads at once: the pump then makes items on every core, still delivered in order.
    /// </summary>
    bool ProducesInParallel { get; }

    /// <summary>Makes item <paramref name="item"/>; runs on the producer thread (or its workers, see <see cref="ProducesInParallel"/>).</summary>
    TItem Produce(int item, CancellationToken cancellationToken);

    /// <summary>Frees an item the consumer never received (left in the queue, or in the producer's hands).</summary>
    void Release(TItem item);

    /// <summary>
    /// Called on the consumer's side when it moves past an item it received (or leaves the loop): items that
    /// the consumer owns ignore it; items lent only until the next one are taken back here.
    /// </summary>
    void Consumed(TItem item);
}
