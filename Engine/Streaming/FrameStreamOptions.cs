namespace ScanImageTiff.Streaming;

/// <summary>Which frames a stream delivers and how far its producer runs ahead.</summary>
public sealed record FrameStreamOptions
{
    /// <summary>Every frame, default depth, pages touched ahead.</summary>
    public static FrameStreamOptions Default { get; } = new();

    /// <summary>
    /// Items the producer may queue ahead of the consumer (default 16). For copies, the depth is
    /// lowered so the queue holds at most <see cref="MaxBufferedBytes"/>.
    /// </summary>
    public int Depth { get; init; } = 16;

    /// <summary>First frame of the range (default 0). Ignored when <see cref="Selection"/> is set.</summary>
    public int Start { get; init; }

    /// <summary>One past the last frame of the range; null (default) = the frame count when enumeration starts.</summary>
    public int? End { get; init; }

    /// <summary>Step between frames of the range (default 1 = every frame).</summary>
    public int Stride { get; init; } = 1;

    /// <summary>
    /// An explicit selection (index list with optional tags). When set, <see cref="Start"/>,
    /// <see cref="End"/> and <see cref="Stride"/> must keep their defaults.
    /// </summary>
    public FrameSelection? Selection { get; init; }

    /// <summary>How the producer prefaults zero-copy frames (default <see cref="PageTouch.Read"/>).</summary>
    public PageTouch TouchPages { get; init; } = PageTouch.Read;

    /// <summary>
    /// Upper bound on the bytes of copies a stream holds at once (default 64 MiB): the queue, the item the
    /// producer is filling and the one the consumer is looking at. The queue is made shorter to fit, down
    /// to one item (so items larger than a third of the budget exceed it). Zero-copy frames of a mapped
    /// file cost nothing here: their pages are the file's page cache, not private memory. Items the consumer
    /// keeps (pooled frames, batches not yet disposed) are its own.
    /// </summary>
    public long MaxBufferedBytes { get; init; } = 64L << 20;

    /// <summary>Test hook: receives the producer task when enumeration starts.</summary>
    internal Action<Task>? ProducerStarted { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Depth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Stride);
        ArgumentOutOfRangeException.ThrowIfNegative(Start);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxBufferedBytes);
        if (Selection is not null && (Start != 0 || End is not null || Stride != 1))
        {
            throw new ArgumentException("Set either Selection or Start/End/Stride, not both.", nameof(Selection));
        }
    }

    /// <summary>The frames to stream, fixed against the reader's frame count when enumeration starts.</summary>
    internal FrameSelection Resolve(ScanImageTiffReader reader, string paramName = "options")
    {
        if (Selection is { } s)
        {
            s.Validate(reader, paramName);
            return s;
        }

        var count = reader.FrameCount;
        var end = End ?? count;
        if (Start > end || end > count)
        {
            throw new ArgumentOutOfRangeException(paramName, $"[{Start}, {end}) is not a frame range of {reader.FilePath}, which has {count} frames.");
        }

        return FrameSelection.Range(Start, end, Stride);
    }
}
