using System.Buffers;
using ScanImageTiff.ScanImage;
using ScanImageTiff.Streaming;

namespace ScanImageTiff.Acquisition;

/// <summary>
/// The acquisition-level view of a <see cref="FrameFollower"/>: the follower finds, orders and ends the frames
/// (its rules, not a second set); this adds their coordinates from the first file's metadata, applies the
/// selection and crops to the ROI.
/// </summary>
internal static class AcquisitionFollow
{
    public static async IAsyncEnumerable<AcquisitionFrame<T>> RunAsync<T>(
        FrameFollower follower, AcquisitionSelection selection, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : unmanaged
    {
        var start = selection.Start ?? 0;
        ArgumentOutOfRangeException.ThrowIfNegative(start, nameof(selection));
        AcquisitionStructure? structure = null;
        RoiRectangle? roi = null;
        var known = false;
        var ordinal = 0;
        T[]? lent = null;
        try
        {
            await foreach (var frame in follower.FollowAsync<T>(cancellationToken).ConfigureAwait(false))
            {
                Return(ref lent);
                var ifd = frame.Ordinal;
                if (selection.End is { } end && ifd >= end)
                {
                    yield break;
                }

                if (!known)
                {
                    (structure, roi) = Describe(frame.Reader, selection);
                    known = true;
                }

                var coordinates = structure is null ? new FrameCoordinates(ifd, 0, 0, ifd, ifd, 0, 1, false) : structure.Locate(ifd);
                if (ifd < start || !selection.Matches(coordinates))
                {
                    continue;
                }

                var info = frame.GetInfo();
                var shape = new FrameShape(roi?.Width ?? info.Width, roi?.Height ?? info.Height, info.SamplesPerPixel, info.PixelType!.Value);
                var pixels = frame.Pixels;
                var isCopy = frame.IsCopy;
                if (roi is not null)
                {
                    var rowElements = pixels.Length / info.Height;
                    if (SelectedFrames.SpansRows(roi, info) && roi.Row + roi.Height <= info.Height)
                    {
                        pixels = pixels.Slice(roi.Row * rowElements, roi.Height * rowElements);
                    }
                    else
                    {
                        var length = (int)(shape.ByteCount / Unsafe.SizeOf<T>());
                        lent = ArrayPool<T>.Shared.Rent(length);
                        SelectedFrames.CopyRoi(MemoryMarshal.AsBytes(pixels.Span), info, roi, MemoryMarshal.AsBytes(lent.AsSpan(0, length)));
                        pixels = new ReadOnlyMemory<T>(lent, 0, length);
                        isCopy = true;
                    }
                }

                yield return new AcquisitionFrame<T>(frame.Reader, follower.Files.Count - 1, frame.Index, ordinal++, coordinates, shape, pixels, isCopy);
            }
        }
        finally
        {
            Return(ref lent);
        }
    }

    private static (AcquisitionStructure?, RoiRectangle?) Describe(ScanImageTiffReader first, AcquisitionSelection selection)
    {
        var metadata = ScanImageMetadata.Detect(first);
        AcquisitionStructure? structure = null;
        if (metadata is not null)
        {
            long? firstFrameNumber = metadata.Era is ScanImageEra.SI3 ? null : FrameHeader.Parse(first.GetDescriptionBytes(0)).FrameNumber;

            // The final IFD count is unknown while following: describe as many as an acquisition can have.
            structure = AcquisitionStructure.Derive(metadata, int.MaxValue, firstFrameNumber);
        }

        if (selection.NeedsStructure && structure is null)
        {
            throw new ArgumentException($"selecting channels, slices, volumes or a ROI needs ScanImage structure, and {first.FilePath} is not a ScanImage file", nameof(selection));
        }

        RoiRectangle? roi = null;
        if (selection.Roi is { } r)
        {
            var info = first.GetFrameInfo(0);
            var (rois, _) = RoiLayout.Compute(metadata!, info.Width, info.Height);
            roi = (uint)r < (uint)rois.Length
                ? rois[r]
                : throw new ArgumentOutOfRangeException(nameof(selection), r, $"ROI {r}: {first.FilePath} has {rois.Length} ROIs");
        }

        return (structure, roi);
    }

    private static void Return<T>(ref T[]? lent)
    {
        if (lent is not null)
        {
            ArrayPool<T>.Shared.Return(lent);
            lent = null;
        }
    }
}
