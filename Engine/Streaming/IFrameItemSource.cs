namespace ScanImageTiff.Streaming;

/// <summary>
/// Makes the items of one reader's stream (single frames, pooled copies, batches). Implemented by structs so
/// the producer loop is specialised per item type: no virtual calls, closures or boxing per frame.
/// </summary>
internal interface IFrameItemSource<TSelf, TItem> : IStreamItemSource<TItem>
    where TSelf : struct, IFrameItemSource<TSelf, TItem>
{
    static abstract TSelf Create(ScanImageTiffReader reader, FrameSelection selection, FrameStreamOptions options, int batchSize);
}
