using System.Buffers;

namespace ScanImageTiff.Reading;

/// <summary>
/// The descriptions of consecutive frames, read many at a time. Through a mapping each is a view. With pread,
/// descriptions that lie close together (ScanImage's, a small frame apart) come from ONE read of the span that holds
/// them: a system call costs about as much as copying 35 KiB here, so 100 000 descriptions 10 KB apart took a read
/// each and now take one per ~25.
/// </summary>
internal static class DescriptionBatch
{
    // One read covers at most this many bytes, and skips at most MaxGapBytes between two descriptions.
    private const int WindowBytes = 256 << 10;
    private const int MaxGapBytes = 32 << 10;

    /// <summary>Frames [start, end)'s descriptions (already checked), as <see cref="ScanImageTiffReader.GetDescription"/> gives them.</summary>
    public static IEnumerable<string> Enumerate(ScanImageTiffReader reader, int start, int end)
    {
        var source = reader.Source;
        byte[]? window = null;
        long windowStart = -1;
        var windowLength = 0;
        try
        {
            for (var i = start; i < end; i++)
            {
                var table = reader.Table;
                var length = table.DescriptionLengths[i];
                if (length <= 0)
                {
                    yield return string.Empty;
                    continue;
                }

                var at = table.DescriptionOffsets[i];
                if (source.IsMapped)
                {
                    yield return ScanImageTiffReader.DescriptionText(reader.GetDescriptionSpan(i, default));
                    continue;
                }

                if (windowStart < 0 || at < windowStart || at + length > windowStart + windowLength)
                {
                    window ??= ArrayPool<byte>.Shared.Rent(WindowBytes);
                    windowStart = at;
                    windowLength = WindowLength(table, i, end);
                    if (windowLength == 0)
                    {
                        // Larger than a window: read on its own.
                        windowStart = -1;
                        yield return reader.GetDescription(i);
                        continue;
                    }

                    source.ReadStructure(at, window.AsSpan(0, windowLength));
                }

                yield return ScanImageTiffReader.DescriptionText(window.AsSpan((int)(at - windowStart), length));
            }
        }
        finally
        {
            if (window is not null)
            {
                ArrayPool<byte>.Shared.Return(window);
            }
        }
    }

    /// <summary>
    /// Bytes to read from frame <paramref name="i"/>'s description on: up to the end of the last following description
    /// that starts no more than <see cref="MaxGapBytes"/> after the one before it and ends within
    /// <see cref="WindowBytes"/>; 0 when even the first does not fit.
    /// </summary>
    private static int WindowLength(Tiff.FrameTable table, int i, int end)
    {
        var offsets = table.DescriptionOffsets;
        var lengths = table.DescriptionLengths;
        var start = offsets[i];
        var last = start + lengths[i];
        if (lengths[i] > WindowBytes)
        {
            return 0;
        }

        for (var j = i + 1; j < end; j++)
        {
            if (lengths[j] <= 0)
            {
                continue;
            }

            var at = offsets[j];
            var to = at + lengths[j];
            if (at < last || at - last > MaxGapBytes || to - start > WindowBytes)
            {
                break;
            }

            last = to;
        }

        return (int)(last - start);
    }
}
