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
    private readonly int[] _indices;
    private readonly long[]? _tags;

    private FrameSelection(int[] indices, long[]? tags)
    {
        _indices = indices;
        _tags = tags;
    }

    /// <summary>Number of frames selected.</summary>
    public int Count => _indices.Length;

    /// <summary>The selected frame indices, in stream order.</summary>
    public ReadOnlySpan<int> Indices => _indices;

    /// <summary>The tags, one per index, or empty when the selection has none (tags then read as 0).</summary>
    public ReadOnlySpan<long> Tags => _tags;

    /// <summary>True when the selection carries tags.</summary>
    public bool HasTags => _tags is not null;

    /// <summary>The frame index at position <paramref name="ordinal"/> of the selection.</summary>
    /// <param name="ordinal">0-based position in the selection.</param>
    public int this[int ordinal] => _indices[ordinal];

    /// <summary>Raw access for the copiers, which hand the array to worker threads.</summary>
    internal int[] IndexArray => _indices;

    /// <summary>Frames start, start + stride, ... below end.</summary>
    /// <param name="start">First frame.</param>
    /// <param name="end">One past the last frame that may be selected.</param>
    /// <param name="stride">Step between selected frames (1 = every frame).</param>
    public static FrameSelection Range(int start, int end, int stride = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        var count = (int)(((long)end - start + stride - 1) / stride);
        var indices = GC.AllocateUninitializedArray<int>(count);
        for (var i = 0; i < indices.Length; i++)
        {
            indices[i] = start + (i * stride);
        }

        return new FrameSelection(indices, null);
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

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first index the reader does not have.</summary>
    internal void Validate(ScanImageTiffReader reader, string paramName = "selection")
    {
        var count = reader.FrameCount;
        for (var i = 0; i < _indices.Length; i++)
        {
            if ((uint)_indices[i] >= (uint)count)
            {
                throw new ArgumentOutOfRangeException(
                    paramName, _indices[i], $"selection entry {i} names frame {_indices[i]} but {reader.FilePath} has {count} frames.");
            }
        }
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
