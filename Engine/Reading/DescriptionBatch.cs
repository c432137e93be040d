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
    internal const int WindowBytes = 256 << 10;
    private const int MaxGapBytes = 32 << 10;

    /// <summary>Frames [start, end)'s descriptions (already checked), as <see cref="ScanImageTiffReader.GetDescription"/> gives them.</summary>
    public static IEnumerable<string> Enumerate(ScanImageTiffReader reader, int start, int end)
    {
        var window = new DescriptionWindow(reader);
        try
        {
            for (var i = start; i < end; i++)
            {
                // Larger than a window (or none): read on its own.
                yield return window.TryGet(i, end, out var stored) ? ScanImageTiffReader.DescriptionText(stored) : reader.GetDescription(i);
            }
        }
        finally
        {
            window.Dispose();
        }
    }

    /// <summary>
    /// Copies the stored bytes of frames [start, end)'s descriptions (already checked) back to back into
    /// <paramref name="destination"/>, as many whole ones as fit; returns how many frames' descriptions were copied
    /// (frames without one count, and take no bytes).
    /// </summary>
    public static int CopyBytes(ScanImageTiffReader reader, int start, int end, Span<byte> destination, out int bytesWritten)
    {
        var window = new DescriptionWindow(reader);
        var table = reader.Table;
        var at = 0;
        var i = start;
        try
        {
            for (; i < end; i++)
            {
                var length = Math.Max(0, table.DescriptionLengths[i]);
                if (length > destination.Length - at)
                {
                    break;
                }

                var target = destination.Slice(at, length);
                if (window.TryGet(i, end, out var stored))
                {
                    stored.CopyTo(target);
                }
                else if (length > 0)
                {
                    reader.Source.ReadStructure(table.DescriptionOffsets[i], target);
                }

                at += length;
            }
        }
        finally
        {
            window.Dispose();
        }

        bytesWritten = at;
        return i - start;
    }

    /// <summary>
    /// Bytes to read from frame <paramref name="i"/>'s description on: up to the end of the last following description
    /// that starts no more than <see cref="MaxGapBytes"/> after the one before it and ends within
    /// <see cref="WindowBytes"/>; 0 when even the first does not fit.
    /// </summary>
    internal static int WindowLength(Tiff.FrameTable table, int i, int end)
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
