namespace ScanImageTiff.Memory;

/// <summary>
/// Copies a run of frames into one destination. Large runs are cut into chunks of a few MiB that a
/// bounded number of workers copy at once (never a thread per strip), so fresh destination pages are
/// first touched in parallel: on this kind of machine page faults, not parsing, bound a whole-file read.
/// </summary>
internal static unsafe class FrameCopier
{
    private const long ChunkBytes = 4L << 20;
    private const long ParallelThreshold = 16L << 20;

    public static void Copy(ScanImageTiffReader reader, int start, int end, byte* destination, long totalBytes)
    {
        var table = reader.Table;
        if (totalBytes < ParallelThreshold || Environment.ProcessorCount == 1)
        {
            CopyRange(reader, start, end, destination);
            return;
        }

        var chunks = new List<(int Start, int End, long At)>((int)Math.Min(1 << 16, (totalBytes / ChunkBytes) + 2));
        var chunkStart = start;
        long chunkAt = 0;
        long at = 0;
        for (var i = start; i < end; i++)
        {
            at += table.LayoutOf(i).FrameBytes;
            if (at - chunkAt >= ChunkBytes || i == end - 1)
            {
                chunks.Add((chunkStart, i + 1, chunkAt));
                chunkStart = i + 1;
                chunkAt = at;
            }
        }

        var baseAddress = (nint)destination;
        Parallel.For(
            0,
            chunks.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            c =>
            {
                var (s, e, offset) = chunks[c];
                CopyRange(reader, s, e, (byte*)baseAddress + offset);
            });
    }

    private static void CopyRange(ScanImageTiffReader reader, int start, int end, byte* destination)
    {
        var table = reader.Table;
        for (var i = start; i < end; i++)
        {
            var bytes = table.LayoutOf(i).FrameBytes;
            if (bytes > int.MaxValue)
            {
                throw new NotSupportedException($"{reader.FilePath}: frame {i} holds {bytes} bytes; frames over 2 GiB are not supported.");
            }

            reader.CopyFrameBytes(i, new Span<byte>(destination, (int)bytes));
            destination += bytes;
        }
    }
}
