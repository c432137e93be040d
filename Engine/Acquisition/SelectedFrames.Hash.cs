using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Hashing;
using ScanImageTiff.Hashing;
using ScanImageTiff.Reading;
using ScanImageTiff.Streaming;

namespace ScanImageTiff.Acquisition;

/// <summary>The selection's checksum, computed on every core.</summary>
public sealed partial class SelectedFrames
{
    // A worker takes a chunk of frames at a time: every hand-off wakes the chaining thread, which on a VM costs tens of
    // microseconds (at 512 KiB a chunk, hashing a 0.5 GB stack from the page cache took 1 600 context switches; at 4 MiB,
    // ~130). Decoded chunks are smaller so that the last ones do not leave a core idle for long.
    private const int HashChunkBytes = 4 << 20;
    private const int DecodedHashChunkBytes = 1 << 20;

    // A worker's sums are 1/128 of its chunk, and a larger frame is a chunk of its own: selections with frames over
    // this size are hashed on the calling thread.
    private const int MostParallelFrameBytes = 64 << 20;

    // A worker's block sums for one chunk, handed to the chaining thread and back: kept across calls.
    private static readonly ConcurrentBag<Xxh3ChunkSums> s_chunkSums = [];

    /// <summary>
    /// The XXH3-64 (seed 0) of exactly the bytes <see cref="WriteTo(Stream, IProgress{long}, CancellationToken)"/>
    /// writes: what <c>xxhsum -H3</c> prints for a raw export of the selection. Computed on every core: workers read
    /// or decode chunks of frames and sum XXH3's 1 KiB blocks, and this thread chains the sums in order, so the value
    /// is the one-shot hash's, bit for bit, however the frames are split. Frames read with pread that are not in the
    /// page cache are hashed on the calling thread in frame order: there the disk limits, and a second thread only
    /// takes a core from the kernel's reads.
    /// </summary>
    /// <param name="progress">Receives the bytes hashed so far.</param>
    /// <param name="cancellationToken">Stops between chunks with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="NotSupportedException">A frame's encoding cannot be decoded.</exception>
    /// <exception cref="TiffFormatException">A frame's data is corrupt.</exception>
    public ulong ComputeXxHash3(IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        ComputeXxHash3(progress, new HashPlan(Environment.ProcessorCount), cancellationToken);

    /// <summary><see cref="ComputeXxHash3(IProgress{long}, CancellationToken)"/> split as <paramref name="plan"/> says (tests vary it).</summary>
    internal ulong ComputeXxHash3(IProgress<long>? progress, HashPlan plan, CancellationToken cancellationToken)
    {
        var total = Require<byte>(untyped: true);
        var workers = plan.Workers;
        if (Roi is not null || total < plan.ParallelFrom || total <= Xxh3Kernel.MidSizeMax || workers < 2)
        {
            return HashSerial(progress, cancellationToken);
        }

        var chunks = PlanHashChunks(plan);
        if (chunks is null)
        {
            return HashSerial(progress, cancellationToken);
        }

        if (plan.SerialWhenCold && !PixelsCached())
        {
            ForgetPagesBetweenFrames(); // what PrepareColdPass does, with the answer already in hand
            return HashSerial(progress, cancellationToken);
        }

        var chain = new Xxh3Chain(total);
        using var sums = new OrderedProducer<Xxh3ChunkSums>(
            chunks.Count,
            workers,
            2 * workers,
            c => SumChunk(chunks[c], total, plan.PieceBytes, cancellationToken),
            s_chunkSums.Add);
        long done = 0;
        for (var c = 0; c < chunks.Count; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var part = sums.Take(c);
            try
            {
                chain.Add(part);
            }
            finally
            {
                s_chunkSums.Add(part);
            }

            done += chunks[c].Bytes;
            progress?.Report(done);
        }

        return chain.Finish();
    }

    private ulong HashSerial(IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var hash = new XxHash3();
        byte[]? page = null;
        byte[]? crop = null;
        long done = 0;
        try
        {
            for (var k = 0; k < Count; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var bytes = FrameBytes(k, ref page, ref crop);
                hash.Append(bytes);
                done += bytes.Length;
                progress?.Report(done);
            }
        }
        finally
        {
            Return(page);
            Return(crop);
        }

        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>
    /// Splits the selection into chunks of whole frames of one file, all views or all copies, of up to the plan's
    /// bytes (or one larger frame); null when a frame is over 64 MiB.
    /// </summary>
    private List<HashChunk>? PlanHashChunks(HashPlan plan)
    {
        var chunks = new List<HashChunk>();
        long offset = 0;
        var runs = Runs;
        for (var r = 0; r < runs.Length; r++)
        {
            var reader = Acquisition.Files[runs[r].File];
            var local = runs[r].Local;
            var most = reader.Table.AnyDecoded ? Math.Min(plan.ChunkBytes, DecodedHashChunkBytes) : plan.ChunkBytes;
            if (reader.Table.Layouts.Count == 1 && !reader.Table.AnyScattered)
            {
                // One layout, every frame in one piece: every frame has the same size and is a view or not alike, so
                // the chunks are counted, not measured frame by frame (100 000 frames: ~2 ms less before the first hash).
                if (!PlanUniformChunks(chunks, r, local, reader, most, ref offset))
                {
                    return null;
                }

                continue;
            }

            var f = 0;
            while (f < local.Count)
            {
                var views = reader.CanReadZeroCopy(local[f]);
                var start = f;
                long bytes = 0;
                do
                {
                    var size = FramePixels.ByteCount(reader, local[f]);
                    if (size > MostParallelFrameBytes)
                    {
                        return null;
                    }

                    if (f > start && bytes + size > most)
                    {
                        break;
                    }

                    bytes += size;
                    f++;
                }
                while (f < local.Count && reader.CanReadZeroCopy(local[f]) == views);

                chunks.Add(new HashChunk(r, start, f, offset, (int)bytes, views));
                offset += bytes;
            }
        }

        return chunks;
    }

    /// <summary>The chunks of run <paramref name="run"/>, whose frames all share one layout and lie in one piece each; false when a frame is over 64 MiB.</summary>
    private static bool PlanUniformChunks(List<HashChunk> chunks, int run, FrameSelection local, ScanImageTiffReader reader, int most, ref long offset)
    {
        var size = FramePixels.ByteCount(reader, local[0]);
        if (size > MostParallelFrameBytes)
        {
            return false;
        }

        var views = reader.CanReadZeroCopy(local[0]);
        var perChunk = Math.Max(1, most / Math.Max(size, 1));
        for (var f = 0; f < local.Count; f += perChunk)
        {
            var n = Math.Min(perChunk, local.Count - f);
            chunks.Add(new HashChunk(run, f, f + n, offset, n * size, views));
            offset += (long)n * size;
        }

        return true;
    }

    /// <summary>
    /// False when the plain pixels of the selection's first, middle or last frame would come from the disk. A cold file
    /// is hashed on one thread in frame order: a cold read is the kernel's work on the CPU (dd here: 120 ms of system
    /// time for 120 ms of reading 0.5 GB), and a second thread summing or reading only takes a core from it (medians of
    /// 15 cold runs: 178 ms on one thread, 219 ms with two workers, 244 ms with two workers reading strictly in turn).
    /// Views and decoded frames are not asked about: the first cost no read here, the second are CPU-bound.
    /// </summary>
    internal bool PixelsCached()
    {
        if (Count == 0)
        {
            return true;
        }

        ReadOnlySpan<int> samples = [0, Count / 2, Count - 1];
        foreach (var k in samples)
        {
            var (file, frame) = Locate(k);
            var reader = Acquisition.Files[file];
            if (reader.CanReadZeroCopy(frame) || reader.Table.AnyDecoded)
            {
                continue;
            }

            // The middle of the frame: its first page may hold the IFD the walk read.
            var at = reader.Table.DataOffsets[frame];
            if (reader.Table.IsContiguous(frame))
            {
                at += FramePixels.ByteCount(reader, frame) / 2;
            }

            if (!reader.Source.IsCached(at))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>On a worker: reads or decodes one chunk (unless its frames are views) and sums its blocks.</summary>
    private unsafe Xxh3ChunkSums SumChunk(HashChunk chunk, long total, int pieceBytes, CancellationToken cancellationToken)
    {
        if (!s_chunkSums.TryTake(out var sums))
        {
            sums = new Xxh3ChunkSums();
        }

        try
        {
            sums.Begin(chunk.Offset, chunk.Bytes, total);
            var run = Runs[chunk.Run];
            var reader = Acquisition.Files[run.File];
            if (chunk.Views)
            {
                for (var f = chunk.Start; f < chunk.End; f++)
                {
                    if (!reader.TryGetFrameBytes(run.Local[f], out var view))
                    {
                        throw new InvalidOperationException($"{reader.FilePath}: frame {run.Local[f]} is no longer a view");
                    }

                    sums.Append(view.Span, fromMemory: true);
                }

                return sums;
            }

            if (reader.Frames.ReadsNearby && !reader.Table.AnyDecoded)
            {
                SumNearby(reader, run.Local, chunk, sums, pieceBytes, cancellationToken);
                return sums;
            }

            // Rented and returned on this (kept) worker thread: the shared pool's per-thread cache hands the same,
            // cache-warm array to the next piece.
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(chunk.Bytes, pieceBytes));
            try
            {
                var f = chunk.Start;
                while (f < chunk.End)
                {
                    var start = f;
                    var bytes = 0;
                    do
                    {
                        bytes += FramePixels.ByteCount(reader, run.Local[f]);
                        f++;
                    }
                    while (f < chunk.End && bytes + FramePixels.ByteCount(reader, run.Local[f]) <= pieceBytes);

                    if (buffer.Length < bytes)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = ArrayPool<byte>.Shared.Rent(bytes);
                    }

                    fixed (byte* p = buffer)
                    {
                        SelectionCopier.CopySerial(reader, run.Local, start, f, p, cancellationToken);
                    }

                    sums.Append(buffer.AsSpan(0, bytes));
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return sums;
        }
        catch
        {
            s_chunkSums.Add(sums);
            throw;
        }
    }

    /// <summary>
    /// pread, plain frames: small frames lying close together are read a MiB at a time and summed where they lie in
    /// that read, without the copy out that <c>CopyNearby</c> makes (100 000 frames of 8 KiB: 0.8 GB fewer bytes moved);
    /// others are read one by one.
    /// </summary>
    private static unsafe void SumNearby(ScanImageTiffReader reader, FrameSelection local, HashChunk chunk, Xxh3ChunkSums sums, int pieceBytes, CancellationToken cancellationToken)
    {
        var frames = reader.Frames;
        var indices = new SelectionIndices(local);
        var sink = new SumSink(sums);
        var scratch = ArrayPool<byte>.Shared.Rent(Math.Max(FrameReader.NearbyReadBytes, Math.Min(chunk.Bytes, pieceBytes)));
        try
        {
            var f = chunk.Start;
            while (f < chunk.End)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var n = frames.VisitNearby(indices, f, chunk.End, scratch, ref sink);
                if (n > 0)
                {
                    f += n;
                    continue;
                }

                var bytes = FramePixels.ByteCount(reader, local[f]);
                if (scratch.Length < bytes)
                {
                    ArrayPool<byte>.Shared.Return(scratch);
                    scratch = ArrayPool<byte>.Shared.Rent(bytes);
                }

                frames.CopyFrameBytes(local[f], scratch.AsSpan(0, bytes));
                sums.Append(scratch.AsSpan(0, bytes));
                f++;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>How <see cref="ComputeXxHash3(IProgress{long}, HashPlan, CancellationToken)"/> splits the work.</summary>
    /// <param name="Workers">Threads that read and sum chunks.</param>
    /// <param name="ParallelFrom">Smaller selections are hashed on the calling thread (no workers to start for a few frames).</param>
    /// <param name="ChunkBytes">Most bytes of frames in one chunk (one larger frame is a chunk of its own).</param>
    /// <param name="PieceBytes">
    /// Within a chunk, frames that must be copied are read (or decoded) this much at a time and summed straight away,
    /// while the piece is still in the core's cache.
    /// </param>
    /// <param name="SerialWhenCold">Hash on the calling thread when the pixels are not in the page cache (<see cref="PixelsCached"/>).</param>
    internal readonly record struct HashPlan(int Workers, long ParallelFrom = 4 << 20, int ChunkBytes = HashChunkBytes, int PieceBytes = 512 << 10, bool SerialWhenCold = true);

    /// <summary>Feeds each frame <see cref="FrameReader.VisitNearby"/> reads to a chunk's sums.</summary>
    private readonly struct SumSink(Xxh3ChunkSums sums) : INearbyFrameSink
    {
        public void Frame(ReadOnlySpan<byte> bytes) => sums.Append(bytes);
    }

    /// <summary>Frames [<see cref="Start"/>, <see cref="End"/>) of run <see cref="Run"/>, at byte <see cref="Offset"/> of the selection.</summary>
    private readonly record struct HashChunk(int Run, int Start, int End, long Offset, int Bytes, bool Views);
}
