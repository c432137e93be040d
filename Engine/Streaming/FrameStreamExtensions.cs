namespace ScanImageTiff.Streaming;

/// <summary>
/// Streams a reader's frames as <see cref="IAsyncEnumerable{T}"/>: a producer task runs ahead of the
/// consumer by a bounded depth (a <see cref="System.Threading.Channels.Channel"/>), prefaulting or copying
/// the frames it queues, so the consumer's loop only computes.
/// </summary>
/// <remarks>
/// <para>Ending the loop early (<c>break</c>), cancelling, or a failure in the producer all end cleanly:
/// the producer is stopped and awaited before <c>await foreach</c> returns, pooled buffers the consumer
/// never received are returned, and the producer's exception (a <see cref="NotSupportedException"/> for a
/// frame that cannot be decoded, an <see cref="ArgumentException"/> for a sample type that does not match)
/// is thrown by <c>await foreach</c> after the frames before it. Cancellation throws
/// <see cref="OperationCanceledException"/>.</para>
/// <para>The reader must not be disposed while one of its streams is being enumerated; once
/// <c>await foreach</c> has returned (or thrown) it may be.</para>
/// </remarks>
public static class FrameStreamExtensions
{
    /// <summary>
    /// Streams frames zero-copy: each <see cref="Frame{T}"/> is a view of the mapped file whose pages the
    /// producer has already faulted in (<see cref="FrameStreamOptions.TouchPages"/>). Allocates nothing per frame.
    /// Frames that cannot be views (big-endian samples, scattered strips, the RandomAccess backend) arrive as
    /// private copies (<see cref="Frame{T}.IsCopy"/>).
    /// </summary>
    /// <typeparam name="T">The CLR type of the samples (<see cref="short"/> for int16, ...).</typeparam>
    /// <param name="reader">The reader; it must stay open while frames are used (see <see cref="Frame{T}"/>).</param>
    /// <param name="options">Selection and depth; every frame when null.</param>
    /// <param name="cancellationToken">Stops the stream with <see cref="OperationCanceledException"/>.</param>
    public static IAsyncEnumerable<Frame<T>> StreamFrames<T>(
        this ScanImageTiffReader reader, FrameStreamOptions? options = null, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        options = Check(reader, options);
        return FrameChannel.RunAsync<ZeroCopyFrameSource<T>, Frame<T>>(reader, options, 1, cancellationToken);
    }

    /// <summary>
    /// Streams frames as pooled copies in native byte order that the consumer owns and must dispose
    /// (<see cref="PooledFrame{T}"/>); they stay valid after the reader is disposed. The queue holds at most
    /// <see cref="FrameStreamOptions.MaxBufferedBytes"/> of copies.
    /// </summary>
    /// <typeparam name="T">The CLR type of the samples.</typeparam>
    /// <param name="reader">The reader.</param>
    /// <param name="options">Selection and depth; every frame when null.</param>
    /// <param name="cancellationToken">Stops the stream with <see cref="OperationCanceledException"/>.</param>
    public static IAsyncEnumerable<PooledFrame<T>> StreamPooledFrames<T>(
        this ScanImageTiffReader reader, FrameStreamOptions? options = null, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        options = Check(reader, options);
        return FrameChannel.RunAsync<PooledFrameSource<T>, PooledFrame<T>>(reader, options, 1, cancellationToken);
    }

    /// <summary>
    /// Streams the selection in batches of <paramref name="batchSize"/> frames, each copied back to back into
    /// one pooled block (<see cref="FrameBatch{T}"/>, which the consumer must dispose); the last batch may be
    /// shorter. Frames within a batch must share one shape (<see cref="InvalidOperationException"/> otherwise).
    /// </summary>
    /// <typeparam name="T">The CLR type of the samples.</typeparam>
    /// <param name="reader">The reader.</param>
    /// <param name="batchSize">Frames per batch.</param>
    /// <param name="options">Selection and depth (in batches); every frame when null.</param>
    /// <param name="cancellationToken">Stops the stream with <see cref="OperationCanceledException"/>.</param>
    public static IAsyncEnumerable<FrameBatch<T>> StreamBatches<T>(
        this ScanImageTiffReader reader, int batchSize, FrameStreamOptions? options = null, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        options = Check(reader, options);
        return FrameChannel.RunAsync<BatchSource<T>, FrameBatch<T>>(reader, options, batchSize, cancellationToken);
    }

    private static FrameStreamOptions Check(ScanImageTiffReader reader, FrameStreamOptions? options)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= FrameStreamOptions.Default;
        options.Validate();
        return options;
    }
}
