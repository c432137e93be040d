using CommunityToolkit.HighPerformance.Buffers;

namespace ScanImageTiff.Streaming;

/// <summary>
/// <see cref="Count"/> frames of one shape copied back to back into one pooled block
/// (<see cref="Count"/> × <see cref="FrameLength"/> samples), for bulk work. The consumer owns it and must dispose it.
/// </summary>
/// <typeparam name="T">The CLR type of the samples.</typeparam>
/// <remarks>Disposing twice is safe; after dispose the pixel accessors throw <see cref="ObjectDisposedException"/>.</remarks>
public sealed class FrameBatch<T> : IDisposable
    where T : unmanaged
{
    private readonly MemoryOwner<T> _owner;
    private readonly FrameSelection _selection;

    internal FrameBatch(ScanImageTiffReader reader, FrameSelection selection, int firstOrdinal, int count, in FrameInfo shape, MemoryOwner<T> owner)
    {
        Reader = reader;
        _selection = selection;
        FirstOrdinal = firstOrdinal;
        Count = count;
        Width = shape.Width;
        Height = shape.Height;
        SamplesPerPixel = shape.SamplesPerPixel;
        FrameLength = checked((int)shape.ElementCount);
        _owner = owner;
    }

    /// <summary>The reader the frames were copied from.</summary>
    public ScanImageTiffReader Reader { get; }

    /// <summary>Frames in this batch (the batch size, or fewer for the last batch).</summary>
    public int Count { get; }

    /// <summary>Position of the batch's first frame in the stream (the selection).</summary>
    public int FirstOrdinal { get; }

    /// <summary>Samples per frame: <see cref="Width"/> × <see cref="Height"/> × <see cref="SamplesPerPixel"/>.</summary>
    public int FrameLength { get; }

    /// <summary>Pixels per row of every frame in the batch.</summary>
    public int Width { get; }

    /// <summary>Rows of every frame in the batch.</summary>
    public int Height { get; }

    /// <summary>Samples per pixel of every frame in the batch.</summary>
    public int SamplesPerPixel { get; }

    /// <summary>The frame (IFD) indices of the batch, in order.</summary>
    public ReadOnlySpan<int> Indices => _selection.Indices.Slice(FirstOrdinal, Count);

    /// <summary>The selection's tags of the batch's frames, or empty when the selection has none.</summary>
    public ReadOnlySpan<long> Tags => _selection.HasTags ? _selection.Tags.Slice(FirstOrdinal, Count) : default;

    /// <summary>All samples: frame k occupies [k × <see cref="FrameLength"/>, (k + 1) × <see cref="FrameLength"/>).</summary>
    public Memory<T> Pixels => _owner.Memory;

    /// <summary>All samples as a span.</summary>
    public Span<T> Span => _owner.Span;

    /// <summary>The samples of the batch's frame <paramref name="k"/>.</summary>
    /// <param name="k">0-based position in the batch.</param>
    public Memory<T> GetFrame(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, Count);
        return _owner.Memory.Slice(k * FrameLength, FrameLength);
    }

    /// <summary>Returns the block to the pool.</summary>
    public void Dispose() => _owner.Dispose();
}
