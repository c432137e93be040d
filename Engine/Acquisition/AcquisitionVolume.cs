using CommunityToolkit.HighPerformance.Buffers;

namespace ScanImageTiff.Acquisition;

/// <summary>
/// One whole volume of a selection in one contiguous pooled buffer, laid out (slice, frame in slice, channel,
/// y, x) in C order: the selected slices × frames per slice × selected channels of that volume, flyback
/// frames excluded. The consumer owns it and must dispose it.
/// </summary>
/// <typeparam name="T">The CLR type of the samples.</typeparam>
/// <remarks>Disposing twice is safe; after dispose the pixel accessors throw <see cref="ObjectDisposedException"/>.</remarks>
public sealed class AcquisitionVolume<T> : IDisposable
    where T : unmanaged
{
    private readonly MemoryOwner<T> _owner;

    internal AcquisitionVolume(int volume, int ordinal, IReadOnlyList<int> slices, int framesPerSlice, IReadOnlyList<int> channels, FrameShape shape, ReadOnlyMemory<int> ifds, MemoryOwner<T> owner)
    {
        Volume = volume;
        Ordinal = ordinal;
        Slices = slices;
        FramesPerSlice = framesPerSlice;
        Channels = channels;
        Shape = shape;
        Ifds = ifds;
        _owner = owner;
    }

    /// <summary>The volume (as in <see cref="ScanImage.FrameCoordinates.Volume"/>).</summary>
    public int Volume { get; }

    /// <summary>0-based position in the stream.</summary>
    public int Ordinal { get; }

    /// <summary>The z planes held, in buffer order.</summary>
    public IReadOnlyList<int> Slices { get; }

    /// <summary>Frames per slice (ScanImage's saved frames per slice; 1 for FastZ).</summary>
    public int FramesPerSlice { get; }

    /// <summary>The ScanImage channel numbers held, in buffer order.</summary>
    public IReadOnlyList<int> Channels { get; }

    /// <summary>Shape and sample type of every plane.</summary>
    public FrameShape Shape { get; }

    /// <summary>The global IFDs copied, in buffer order.</summary>
    public ReadOnlyMemory<int> Ifds { get; }

    /// <summary>Samples per plane.</summary>
    public int PlaneLength => (int)Shape.ElementCount;

    /// <summary>All samples, (slice, frame, channel, y, x) in C order.</summary>
    public Memory<T> Pixels => _owner.Memory;

    /// <summary>One plane: slice position <paramref name="slice"/>, frame <paramref name="frame"/>, channel position <paramref name="channel"/>.</summary>
    /// <param name="slice">Position in <see cref="Slices"/>.</param>
    /// <param name="channel">Position in <see cref="Channels"/>.</param>
    /// <param name="frame">Frame within the slice.</param>
    public Memory<T> GetPlane(int slice, int channel, int frame = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)slice, (uint)Slices.Count, nameof(slice));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)channel, (uint)Channels.Count, nameof(channel));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)frame, (uint)FramesPerSlice, nameof(frame));
        var plane = (((slice * FramesPerSlice) + frame) * Channels.Count) + channel;
        return _owner.Memory.Slice(plane * PlaneLength, PlaneLength);
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose() => _owner.Dispose();
}
