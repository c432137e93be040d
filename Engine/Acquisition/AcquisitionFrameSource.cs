using System.Buffers;
using ScanImageTiff.ScanImage;
using ScanImageTiff.Streaming;

namespace ScanImageTiff.Acquisition;

/// <summary>
/// The frames of a <see cref="SelectedFrames"/> for the stream pump: views of the mapping (pages touched by the
/// producer) where the layout allows, else copies into arrays rented from the shared pool, which the consumer
/// side returns when the loop moves on. Allocates nothing per frame once the pool is warm.
/// </summary>
internal readonly struct AcquisitionFrameSource<T> : IStreamItemSource<AcquisitionFrame<T>>
    where T : unmanaged
{
    private readonly SelectedFrames _frames;
    private readonly PageTouch _touch;
    private readonly bool _untyped;
    private readonly Scratch _scratch;

    public AcquisitionFrameSource(SelectedFrames frames, FrameStreamOptions options, bool untyped)
    {
        _frames = frames;
        _touch = options.TouchPages;
        _untyped = untyped;
        _scratch = new Scratch();
        long itemBytes = 0;
        for (var k = 0; k < frames.Count; k++)
        {
            var (file, frame) = frames.Locate(k);
            FramePixels.Require<T>(frames.Acquisition.Files[file], frame, untyped);
            var bytes = frames.GetShape(k).ByteCount; // also checks that the ROI fits the page
            if (!frames.CanReadZeroCopy(k))
            {
                itemBytes = Math.Max(itemBytes, bytes);
            }
        }

        ItemBytes = itemBytes;
        frames.PrepareColdPass();

        // Crops share the scratch below, so only whole frames are made on several threads.
        ProducesInParallel = itemBytes > 0 && frames.Roi is null && frames.Acquisition.Files.Any(f => f.Table.AnyDecoded);
    }

    public int ItemCount => _frames.Count;

    public long ItemBytes { get; }

    public bool ProducesInParallel { get; }

    public AcquisitionFrame<T> Produce(int item, CancellationToken cancellationToken)
    {
        var (file, frame) = _frames.Locate(item);
        var reader = _frames.Acquisition.Files[file];
        var coordinates = SelectedFrames.Coordinates(_frames.Acquisition, _frames.IfdAt(item));
        var info = reader.GetFrameInfo(frame);
        var roi = _frames.Roi;
        var shape = roi is null
            ? new FrameShape(info.Width, info.Height, info.SamplesPerPixel, info.PixelType!.Value)
            : new FrameShape(roi.Width, roi.Height, info.SamplesPerPixel, info.PixelType!.Value);
        var length = (int)(shape.ByteCount / Unsafe.SizeOf<T>());
        if (reader.CanReadZeroCopy(frame) && (roi is null || SelectedFrames.SpansRows(roi, info)))
        {
            var page = FramePixels.View<T>(reader, frame, (int)info.ByteCount);
            var pixels = roi is null ? page : page.Slice(roi.Row * (page.Length / info.Height), length);
            PageToucher.Touch(pixels, _touch);
            return new AcquisitionFrame<T>(reader, file, frame, item, coordinates, shape, pixels, isCopy: false);
        }

        if (typeof(T) == typeof(byte) && roi is null && reader.Frames.TryGetDescriptionPrefix(frame, out var prefix))
        {
            return ReadWithDescription(reader, file, frame, item, coordinates, shape, length, prefix);
        }

        var copy = ArrayPool<T>.Shared.Rent(length);
        try
        {
            var destination = MemoryMarshal.AsBytes(copy.AsSpan(0, length));
            if (roi is null)
            {
                reader.CopyFrameBytes(frame, destination);
            }
            else
            {
                _frames.FrameBytes(item, ref _scratch.Page, ref _scratch.Crop).CopyTo(destination);
            }
        }
        catch
        {
            ArrayPool<T>.Shared.Return(copy);
            throw;
        }

        return new AcquisitionFrame<T>(reader, file, frame, item, coordinates, shape, new ReadOnlyMemory<T>(copy, 0, length), isCopy: true);
    }

    /// <summary>
    /// An untyped frame whose description lies just before its pixels, read with pread: both come from ONE read into
    /// one pooled buffer (the description at its start, the pixels <paramref name="prefix"/> bytes in), where they
    /// would take two reads and a new array for the description.
    /// </summary>
    private static AcquisitionFrame<T> ReadWithDescription(ScanImageTiffReader reader, int file, int frame, int item, FrameCoordinates coordinates, FrameShape shape, int length, int prefix)
    {
        var copy = ArrayPool<T>.Shared.Rent(prefix + length);
        int start;
        try
        {
            start = reader.Frames.ReadWithPrefix(frame, prefix, MemoryMarshal.AsBytes(copy.AsSpan(0, prefix + length)));
        }
        catch
        {
            ArrayPool<T>.Shared.Return(copy);
            throw;
        }

        var bytes = (byte[])(object)copy;
        var description = new ReadOnlyMemory<byte>(bytes, start, reader.GetDescriptionByteCount(frame));
        return new AcquisitionFrame<T>(reader, file, frame, item, coordinates, shape, new ReadOnlyMemory<T>(copy, prefix, length), description);
    }

    public void Release(AcquisitionFrame<T> item) => Consumed(item);

    public void Consumed(AcquisitionFrame<T> item)
    {
        if (item.IsCopy && MemoryMarshal.TryGetArray(item.Pixels, out var segment) && segment.Array is { } array)
        {
            ArrayPool<T>.Shared.Return(array);
        }
    }

    /// <summary>Producer-side scratch for pages that are cropped after a copy.</summary>
    private sealed class Scratch
    {
        public byte[]? Page;
        public byte[]? Crop;
    }
}
