using System.Runtime.ExceptionServices;
using ScanImageTiff.Memory;

namespace ScanImageTiff.Streaming;

/// <summary>
/// Copies the frames of a selection (or a range) back to back into one destination. Large copies are cut
/// into chunks of a few MiB that a bounded number of workers copy at once (never a thread per frame or
/// strip), so fresh destination pages are first touched in parallel: on this kind of machine page faults,
/// not parsing, bound a whole-file read.
/// </summary>
internal static unsafe class SelectionCopier
{
    private const long ChunkBytes = 4L << 20;
    private const long ParallelThreshold = 16L << 20;

    /// <summary>Checks selection entries [start, end) exist and hold <typeparamref name="T"/> samples; returns their bytes.</summary>
    public static long RequireReadable<T>(ScanImageTiffReader reader, FrameSelection selection, int start, int end, string paramName = "selection")
        where T : unmanaged =>
        Require<T>(reader, selection, start, end, paramName, typed: true);

    /// <summary>Like <see cref="RequireReadable{T}"/> for a byte copy of any sample type: only checks the frames can be decoded.</summary>
    public static long RequireDecodable(ScanImageTiffReader reader, FrameSelection selection, int start, int end, string paramName = "selection") =>
        Require<byte>(reader, selection, start, end, paramName, typed: false);

    private static long Require<T>(ScanImageTiffReader reader, FrameSelection selection, int start, int end, string paramName, bool typed)
        where T : unmanaged
    {
        reader.Source.ThrowIfDisposed();
        var table = reader.Table;
        var count = table.Count;
        var layouts = table.LayoutIndex;
        var lastId = -1;
        long frameBytes = 0;
        long total = 0;
        for (var k = start; k < end; k++)
        {
            var index = selection.IndexAt(k);
            if ((uint)index >= (uint)count)
            {
                throw new ArgumentOutOfRangeException(paramName, index, $"selection entry {k} names frame {index} but {reader.FilePath} has {count} frames.");
            }

            if (layouts[index] != lastId)
            {
                if (typed)
                {
                    reader.RequireType<T>(index);
                }
                else if (table.LayoutOf(index).Unsupported is not null)
                {
                    throw reader.Unsupported(index, table.LayoutOf(index));
                }

                lastId = layouts[index];
                frameBytes = table.LayoutOf(index).FrameBytes;
                if (frameBytes > int.MaxValue)
                {
                    throw new NotSupportedException($"{reader.FilePath}: frame {index} holds {frameBytes} bytes; frames over 2 GiB are not supported.");
                }
            }

            total += frameBytes;
        }

        return total;
    }

    /// <summary>Copies entries [start, end) (already checked by <see cref="RequireReadable{T}"/>) to <paramref name="destination"/>.</summary>
    public static void Copy(ScanImageTiffReader reader, FrameSelection selection, int start, int end, byte* destination, long totalBytes, CancellationToken cancellationToken = default)
    {
        // Far larger than the cache: nothing of it can still be cached when the caller reads it back.
        var streaming = totalBytes >= StreamingCopy.Threshold;
        if (totalBytes < ParallelThreshold || Environment.ProcessorCount == 1)
        {
            CopyRun(reader, selection, start, end, destination, streaming, cancellationToken);
            return;
        }

        var table = reader.Table;
        var chunks = new List<(int Start, int End, long At)>((int)Math.Min(1 << 16, (totalBytes / ChunkBytes) + 2));
        var chunkStart = start;
        long chunkAt = 0;
        long at = 0;
        for (var k = start; k < end; k++)
        {
            at += table.LayoutOf(selection.IndexAt(k)).FrameBytes;
            if (at - chunkAt >= ChunkBytes || k == end - 1)
            {
                chunks.Add((chunkStart, k + 1, chunkAt));
                chunkStart = k + 1;
                chunkAt = at;
            }
        }

        var baseAddress = (nint)destination;
        try
        {
            Parallel.For(
                0,
                chunks.Count,
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
                c =>
                {
                    var (s, e, offset) = chunks[c];
                    CopyRun(reader, selection, s, e, (byte*)baseAddress + offset, streaming, cancellationToken);
                });
        }
        catch (AggregateException e)
        {
            // Callers expect the engine's own exception types (ObjectDisposed, TiffFormat, ...), not a wrapper.
            ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
            throw;
        }
    }

    private static void CopyRun(ScanImageTiffReader reader, FrameSelection selection, int start, int end, byte* destination, bool streaming, CancellationToken cancellationToken)
    {
        var table = reader.Table;
        try
        {
            for (var k = start; k < end; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var index = selection.IndexAt(k);
                var bytes = (int)table.LayoutOf(index).FrameBytes;
                reader.CopyFrameBytes(index, new Span<byte>(destination, bytes), streaming);
                destination += bytes;
            }
        }
        finally
        {
            if (streaming)
            {
                // This thread's streaming stores must be visible before the copy is reported done.
                StreamingCopy.Fence();
            }
        }
    }
}
