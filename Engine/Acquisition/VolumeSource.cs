using CommunityToolkit.HighPerformance.Buffers;
using ScanImageTiff.Streaming;

namespace ScanImageTiff.Acquisition;

/// <summary>Whole volumes of a selection, each copied (interval copies, parallel when large) into one pooled block.</summary>
internal readonly struct VolumeSource<T> : IStreamItemSource<AcquisitionVolume<T>>
    where T : unmanaged
{
    private readonly SelectedFrames _frames;
    private readonly (int Volume, int Start, int End)[] _volumes;
    private readonly int[] _slices;
    private readonly int[] _channels;
    private readonly int _framesPerSlice;
    private readonly FrameShape _shape;

    public VolumeSource(SelectedFrames frames)
    {
        _frames = frames;
        if (frames.IncludesFlyback)
        {
            throw new ArgumentException("a volume stream holds planes only; leave IncludeFlyback off", nameof(frames));
        }

        _slices = [.. frames.Slices];
        _channels = [.. frames.Channels];
        _framesPerSlice = frames.Acquisition.Structure?.FramesPerSlice ?? 1;
        var perVolume = _slices.Length * _channels.Length * _framesPerSlice;
        var volumes = new List<(int, int, int)>();
        var k = 0;
        while (k < frames.Count)
        {
            var volume = frames.GetCoordinates(k).Volume;
            var end = k;
            while (end < frames.Count && frames.GetCoordinates(end).Volume == volume)
            {
                end++;
            }

            // Volumes cut by the end of the files (or by an IFD range) are not whole: they are left out.
            if (end - k == perVolume)
            {
                volumes.Add((volume, k, end));
            }

            k = end;
        }

        _volumes = [.. volumes];
        if (_volumes.Length > 0)
        {
            _shape = frames.GetUniformShape() ?? throw new InvalidOperationException("a volume stream needs frames of one shape; these differ");
            for (var i = 0; i < frames.Count; i++)
            {
                var (file, frame) = frames.Locate(i);
                FramePixels.Require<T>(frames.Acquisition.Files[file], frame, untyped: false);
            }
        }

        ItemBytes = _shape.ByteCount * perVolume;
    }

    public int ItemCount => _volumes.Length;

    public long ItemBytes { get; }

    // A volume is one selection copy, which already spreads decoding over the cores.
    public bool ProducesInParallel => false;

    public unsafe AcquisitionVolume<T> Produce(int item, CancellationToken cancellationToken)
    {
        var (volume, start, end) = _volumes[item];
        var owner = MemoryOwner<T>.Allocate(checked((int)((end - start) * _shape.ElementCount)), AllocationMode.Default);
        try
        {
            fixed (T* p = owner.Span)
            {
                _frames.CopyRange(start, end, (byte*)p, cancellationToken);
            }

            var ifds = _frames.Ifds.Slice(start, end - start).ToArray();
            return new AcquisitionVolume<T>(volume, item, _slices, _framesPerSlice, _channels, _shape, ifds, owner);
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    public void Release(AcquisitionVolume<T> item) => item.Dispose();

    public void Consumed(AcquisitionVolume<T> item)
    {
        // The consumer owns the volume and disposes it.
    }
}
