namespace ScanImageTiff.Streaming;

/// <summary>
/// An ordered list of frame (IFD) indices to read, each with an optional 64-bit tag that travels with
/// the frame through a stream (<see cref="Frame{T}.Tag"/>). Frame ranges, strides and the index lists
/// that acquisition-level filters produce (channel 2 of plane 5, ...) all become a selection, so a
/// stream touches only the pages of the frames it names.
/// </summary>
/// <remarks>
/// Tags are for the caller: a layer that knows the acquisition can pack (volume, slice, channel) into
/// them, or use <see cref="Frame{T}.Ordinal"/> as a row into its own per-frame table. Indices may
/// repeat and need not be sorted. A selection is immutable and may be shared between streams.
/// </remarks>
public sealed class FrameSelection
{
    // A range is kept as arithmetic (streaming a whole file allocates nothing per frame); its index
    // array is built only if someone asks for Indices.
    private readonly long[]? _tags;
    private readonly int _start;
    private readonly int _stride;
    private int[]? _indices;

    private FrameSelection(int[] indices, long[]? tags)
    {
        _indices = indices;
        _tags = tags;
        Count = indices.Length;
    }

    private FrameSelection(int start, int stride, int count)
    {
        _start = start;
        _stride = stride;
        Count = count;
    }

    /// <summary>Number of frames selected.</summary>
    public int Count { get; }

    /// <summary>The selected frame indices, in stream order (built on first use for a <see cref="Range"/>).</summary>
    public ReadOnlySpan<int> Indices => _indices ?? Materialize();

    /// <summary>The tags, one per index, or empty when the selection has none (tags then read as 0).</summary>
    public ReadOnlySpan<long> Tags => _tags;

    /// <summary>True when the selection carries tags.</summary>
    public bool HasTags => _tags is not null;

    /// <summary>The frame index at position <paramref name="ordinal"/> of the selection.</summary>
    /// <param name="ordinal">0-based position in the selection.</param>
    public int this[int ordinal]
    {
        get
        {
            if ((uint)ordinal >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"the selection has {Count} entries.");
            }

            return IndexAt(ordinal);
        }
    }

    /// <summary>Frames start, start + stride, ... below end.</summary>
    /// <param name="start">First frame.</param>
    /// <param name="end">One past the last frame that may be selected.</param>
    /// <param name="stride">Step between selected frames (1 = every frame).</param>
    public static FrameSelection Range(int start, int end, int stride = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        return new FrameSelection(start, stride, (int)(((long)end - start + stride - 1) / stride));
    }

    /// <summary>An explicit list of frame indices (copied).</summary>
    /// <param name="indices">0-based frame indices, in the order they should stream.</param>
    public static FrameSelection FromIndices(ReadOnlySpan<int> indices)
    {
        CheckNonNegative(indices);
        return new FrameSelection(indices.ToArray(), null);
    }

    /// <summary>An explicit list of frame indices with one tag each (both copied).</summary>
    /// <param name="indices">0-based frame indices, in the order they should stream.</param>
    /// <param name="tags">One caller-defined value per index, handed out as <see cref="Frame{T}.Tag"/>.</param>
    public static FrameSelection FromIndices(ReadOnlySpan<int> indices, ReadOnlySpan<long> tags)
    {
        if (tags.Length != indices.Length)
        {
            throw new ArgumentException($"{tags.Length} tags for {indices.Length} indices; give one tag per index.", nameof(tags));
        }

        CheckNonNegative(indices);
        return new FrameSelection(indices.ToArray(), tags.ToArray());
    }

    /// <summary>The tag at position <paramref name="ordinal"/>, or 0 when the selection has no tags.</summary>
    /// <param name="ordinal">0-based position in the selection.</param>
    public long TagAt(int ordinal) => _tags is null ? 0 : _tags[ordinal];

    /// <summary>Entry <paramref name="ordinal"/> (already range-checked by the caller).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int IndexAt(int ordinal) => _indices is { } indices ? indices[ordinal] : _start + (ordinal * _stride);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first index the reader does not have.</summary>
    internal void Validate(ScanImageTiffReader reader, string paramName = "selection")
    {
        var count = reader.FrameCount;
        if (_indices is null)
        {
            // Ascending: only the last entry can be out of range.
            if (Count > 0 && IndexAt(Count - 1) >= count)
            {
                throw NotAFrame(paramName, Count - 1, IndexAt(Count - 1), reader);
            }

            return;
        }

        for (var i = 0; i < _indices.Length; i++)
        {
            if ((uint)_indices[i] >= (uint)count)
            {
                throw NotAFrame(paramName, i, _indices[i], reader);
            }
        }
    }

    internal static ArgumentOutOfRangeException NotAFrame(string paramName, int ordinal, int index, ScanImageTiffReader reader) =>
        new(paramName, index, $"selection entry {ordinal} names frame {index} but {reader.FilePath} has {reader.FrameCount} frames.");

    private int[] Materialize()
    {
        var indices = GC.AllocateUninitializedArray<int>(Count);
        for (var i = 0; i < indices.Length; i++)
        {
            indices[i] = IndexAt(i);
        }

        // Benign race: two threads may build equal arrays; either one is kept.
        Interlocked.CompareExchange(ref _indices, indices, null);
        return _indices;
    }

    private static void CheckNonNegative(ReadOnlySpan<int> indices)
    {
        for (var i = 0; i < indices.Length; i++)
        {
            if (indices[i] < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), indices[i], $"entry {i} is negative; frame indices start at 0.");
            }
        }
    }
}
