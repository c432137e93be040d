using System.Buffers;
using System.Runtime.ExceptionServices;
using ScanImageTiff.Memory;

namespace ScanImageTiff.Reading;

/// <summary>
/// Copies frames back to back into one destination. Large copies are cut into chunks of a few MiB that a
/// bounded number of workers copy at once (never a thread per frame or strip), so fresh destination pages
/// are first touched in parallel: on this kind of machine page faults, not parsing, bound a whole-file read.
/// Used by the reader's range reads and by the selection reads and batches of the streams.
/// </summary>
internal static unsafe class IntervalCopier
{
    private const long ChunkBytes = 4L << 20;
    private const long ParallelThreshold = 16L << 20;

    // Decoding compressed frames is bound by the CPU, not by page faults: spread much smaller runs over the cores.
    private const long DecodeChunkBytes = 1L << 20;

    /// <summary>
    /// Copies the frames at positions [start, end) of <paramref name="indices"/> (already checked to exist and to
    /// be readable) to <paramref name="destination"/>, which holds <paramref name="totalBytes"/> bytes.
    /// </summary>
    public static void Copy<TIndices>(FrameReader frames, TIndices indices, int start, int end, byte* destination, long totalBytes, CancellationToken cancellationToken = default)
        where TIndices : struct, IFrameIndices
    {
        // Far larger than the cache: nothing of it can still be cached when the caller reads it back.
        var streaming = totalBytes >= StreamingCopy.Threshold;
        var decodes = frames.Table.AnyDecoded;
        var chunkBytes = decodes ? DecodeChunkBytes : ChunkBytes;
        if (totalBytes < (decodes ? DecodeChunkBytes : ParallelThreshold) || Environment.ProcessorCount == 1)
        {
            CopyRun(frames, indices, start, end, destination, streaming, cancellationToken);
            return;
        }

        var table = frames.Table;
        var chunks = new List<(int Start, int End, long At)>((int)Math.Min(1 << 16, (totalBytes / ChunkBytes) + 2));
        var chunkStart = start;
        long chunkAt = 0;
        long at = 0;
        for (var k = start; k < end; k++)
        {
            at += table.LayoutOf(indices.IndexAt(k)).FrameBytes;
            if (at - chunkAt >= chunkBytes || k == end - 1)
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
                    CopyRun(frames, indices, s, e, (byte*)baseAddress + offset, streaming, cancellationToken);
                });
        }
        catch (AggregateException e)
        {
            // Callers expect the engine's own exception types (ObjectDisposed, TiffFormat, ...), not a wrapper.
            ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
            throw;
        }
    }

    /// <summary>Copies the frames at positions [start, end) of <paramref name="indices"/> on this thread only.</summary>
    public static void CopySerial<TIndices>(FrameReader frames, TIndices indices, int start, int end, byte* destination, CancellationToken cancellationToken = default)
        where TIndices : struct, IFrameIndices =>
        CopyRun(frames, indices, start, end, destination, streaming: false, cancellationToken);

    private static void CopyRun<TIndices>(FrameReader frames, TIndices indices, int start, int end, byte* destination, bool streaming, CancellationToken cancellationToken)
        where TIndices : struct, IFrameIndices
    {
        var table = frames.Table;

        // Read back end: small frames close together in the file are read a MiB at a time (one system call, not one per
        // frame). Never for decoded frames, which read their chunks themselves: the buffer would only be rented, and on
        // a short-lived worker thread lost with its thread-local pool cache.
        var scratch = frames.ReadsNearby && !table.AnyDecoded ? ArrayPool<byte>.Shared.Rent(FrameReader.NearbyReadBytes) : null;
        try
        {
            var k = start;
            while (k < end)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (scratch is not null)
                {
                    var copied = frames.CopyNearby(indices, k, end, ref destination, scratch);
                    if (copied > 0)
                    {
                        k += copied;
                        continue;
                    }
                }

                var index = indices.IndexAt(k);
                var bytes = (int)table.LayoutOf(index).FrameBytes;
                frames.CopyFrameBytes(index, new Span<byte>(destination, bytes), streaming);
                destination += bytes;
                k++;
            }
        }
        finally
        {
            if (scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }

            if (streaming)
            {
                // This thread's streaming stores must be visible before the copy is reported done.
                StreamingCopy.Fence();
            }
        }
    }
}
