using CommunityToolkit.HighPerformance.Buffers;

namespace ScanImageTiff.Streaming;

/// <summary>
/// One frame copied into a pooled buffer that the consumer owns: it stays valid after the reader is
/// disposed, can be modified in place, and must be disposed to return the buffer to the pool.
/// </summary>
/// <typeparam name="T">The CLR type of the frame's samples.</typeparam>
/// <remarks>
/// Disposing twice, or disposing a copy of this struct after the original, is safe. After dispose,
/// <see cref="Pixels"/> and <see cref="Span"/> throw <see cref="ObjectDisposedException"/>.
/// The description accessors read the file and need the reader to be open.
/// </remarks>
public readonly struct PooledFrame<T> : IDisposable
    where T : unmanaged
{
    private readonly MemoryOwner<T>? _owner;

    internal PooledFrame(ScanImageTiffReader reader, int index, int ordinal, long tag, MemoryOwner<T> owner)
    {
        Reader = reader;
        Index = index;
        Ordinal = ordinal;
        Tag = tag;
        _owner = owner;
    }

    /// <summary>The reader the frame was copied from.</summary>
    public ScanImageTiffReader Reader { get; }

    /// <summary>0-based frame (IFD) index in the file.</summary>
    public int Index { get; }

    /// <summary>0-based position in the stream (the position in the <see cref="FrameSelection"/>).</summary>
    public int Ordinal { get; }

    /// <summary>The selection's tag for this frame, 0 when it has none.</summary>
    public long Tag { get; }

    /// <summary>The samples, row-major, native byte order (already swapped for big-endian files).</summary>
    public Memory<T> Pixels => Owner.Memory;

    /// <summary>The samples as a span.</summary>
    public Span<T> Span => Owner.Span;

    private MemoryOwner<T> Owner => _owner ?? throw new InvalidOperationException("This PooledFrame was default-constructed; it holds no frame.");

    /// <summary>The ImageDescription as text (reads the file: the reader must be open).</summary>
    public string GetDescription() => Reader.GetDescription(Index);

    /// <summary>The ImageDescription bytes as stored (reads the file: the reader must be open).</summary>
    public ReadOnlyMemory<byte> GetDescriptionBytes() => Reader.GetDescriptionMemory(Index);

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose() => _owner?.Dispose();
}
