using System.Buffers;
using CommunityToolkit.HighPerformance.Buffers;
using ScanImageTiff.Reading;
using ScanImageTiff.Streaming;

namespace ScanImageTiff.Acquisition;

/// <summary>Reads of a selection: back to back into the caller's memory, a buffer sized here, or a stream.</summary>
public sealed partial class SelectedFrames
{
    // Copies of frames that cannot be views are batched up to this size before they are written out: small
    // enough to stay in the cache for the sink (a hash reads it straight back) and to be one reused buffer,
    // large enough that a file sink gets big writes.
    private const int WriteChunkBytes = 2 << 20;

    // Chunks that workers decode are smaller: each is written by one core and read back by another (the sink), and
    // every chunk in the ring is memory touched for the first time in a short-lived process. At 2 MiB the ring's
    // ~12 MB of fresh pages cost 2 400 page faults and ~10 % of the CPU time of `sitiff data zip.tif --checksum`
    // (300 deflate frames of 512 KiB; perf stat, 452 -> 406 ms task-clock, 4 118 -> 1 712 faults at 512 KiB).
    private const int DecodedChunkBytes = 512 << 10;

    // Frames below this size, read with pread, are bound by the system calls and the kernel's copy rather than by
    // memory: there workers read the chunks ahead on every core like decodes (100 000 frames of 8 KiB, `sitiff data
    // --checksum`: 217 -> 183 ms as written, 280 -> 238 ms read back). At 512 KiB a frame it gained nothing and cost
    // ~35 % more CPU, so larger plain frames stay on the writing thread.
    private const int SmallReadBytes = 64 << 10;

    // Chunks decoded by the ordered workers are made on one thread and returned on another, by threads that live for
    // one call: the shared pool's per-thread caches never see them again, so it allocated ~4.8 MB per call. This pool
    // keeps them across calls (a few per core; larger frames get their own arrays and are not kept).
    private static readonly ArrayPool<byte> s_decodedChunks = ArrayPool<byte>.Create(DecodedChunkBytes, 4 * Math.Max(2, Environment.ProcessorCount));

    /// <summary>Copies every selected frame (cropped), in order, as bytes in host byte order, whatever the sample type.</summary>
    /// <param name="destination">At least <see cref="GetByteCount"/> bytes.</param>
    /// <exception cref="NotSupportedException">A frame's encoding cannot be decoded.</exception>
    public unsafe void ReadBytes(Span<byte> destination)
    {
        fixed (byte* p = destination)
        {
            Copy<byte>(p, destination.Length, untyped: true);
        }
    }

    /// <summary>
    /// Copies every selected frame (cropped), in order, as bytes in host byte order to native memory of any size
    /// (large runs in parallel): for callers that own a buffer outside .NET, such as the C library's.
    /// </summary>
    /// <param name="destination">Address of at least <paramref name="capacity"/> writable bytes.</param>
    /// <param name="capacity">Bytes at <paramref name="destination"/>; at least <see cref="GetByteCount"/>.</param>
    public unsafe void ReadBytes(nint destination, long capacity)
    {
        if (destination == 0 && capacity > 0)
        {
            throw new ArgumentNullException(nameof(destination));
        }

        Copy<byte>((byte*)destination, capacity, untyped: true);
    }

    /// <summary>Copies every selected frame (cropped), in order, into <paramref name="destination"/> (host byte order).</summary>
    /// <typeparam name="T">The CLR type of the samples; every frame must hold it.</typeparam>
    /// <param name="destination">At least <see cref="GetByteCount"/> / sizeof(T) elements.</param>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> does not match a frame's sample type, or the destination is too small.</exception>
    public unsafe void Read<T>(Span<T> destination)
        where T : unmanaged
    {
        fixed (T* p = destination)
        {
            Copy<T>((byte*)p, (long)destination.Length * sizeof(T), untyped: false);
        }
    }

    /// <summary>The selected samples in a pooled buffer of exactly their length, which the caller must dispose.</summary>
    /// <typeparam name="T">The CLR type of the samples.</typeparam>
    /// <exception cref="InvalidOperationException">More samples than an array holds; use <see cref="ReadNative{T}"/>.</exception>
    public unsafe MemoryOwner<T> ReadPooled<T>()
        where T : unmanaged
    {
        var elements = Require<T>(untyped: typeof(T) == typeof(byte)) / sizeof(T);
        if (elements > Array.MaxLength)
        {
            throw new InvalidOperationException($"the selection holds {elements} samples, more than an array can; use ReadNative.");
        }

        var owner = MemoryOwner<T>.Allocate((int)elements, AllocationMode.Default);
        try
        {
            fixed (T* p = owner.Span)
            {
                Copy<T>((byte*)p, elements * sizeof(T), untyped: typeof(T) == typeof(byte));
            }

            return owner;
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The selected samples in page-aligned native memory sized here, for selections of any size; dispose it.
    /// With <typeparamref name="T"/> = <see cref="byte"/> any sample type is read as bytes.
    /// </summary>
    /// <typeparam name="T">The CLR type of the samples, or byte.</typeparam>
    public unsafe NativeBuffer<T> ReadNative<T>()
        where T : unmanaged
    {
        var untyped = typeof(T) == typeof(byte);
        var bytes = Require<T>(untyped);
        var buffer = new NativeBuffer<T>(bytes / sizeof(T));
        try
        {
            Copy<T>((byte*)buffer.Pointer, bytes, untyped);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes every selected frame (cropped), in order, as little-endian bytes to <paramref name="destination"/>:
    /// frames that are views of the mapping are written from it, the others copied a few MiB at a time.
    /// Never holds the whole selection in memory.
    /// </summary>
    /// <param name="destination">The stream.</param>
    /// <param name="progress">Receives the bytes written so far after every write.</param>
    /// <param name="cancellationToken">Stops between writes with <see cref="OperationCanceledException"/>.</param>
    public void WriteTo(Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        WriteTo(destination, progress, Environment.ProcessorCount, cancellationToken);

    /// <summary><see cref="WriteTo(Stream, IProgress{long}, CancellationToken)"/> with copies and decodes on <paramref name="workers"/> threads.</summary>
    internal unsafe void WriteTo(Stream destination, IProgress<long>? progress, int workers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Require<byte>(untyped: true);
        PrepareColdPass();
        long done = 0;
        byte[]? page = null;
        byte[]? crop = null;
        try
        {
            if (Roi is not null)
            {
                for (var k = 0; k < Count; k++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var bytes = FrameBytes(k, ref page, ref crop);
                    destination.Write(bytes);
                    done += bytes.Length;
                    progress?.Report(done);
                }

                return;
            }

            foreach (var run in Runs)
            {
                var reader = Acquisition.Files[run.File];
                var n = run.Local.Count;
                var k = 0;
                while (k < n)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var frame = run.Local[k];
                    if (reader.TryGetFrameBytes(frame, out var view))
                    {
                        destination.Write(view.Span);
                        done += view.Length;
                        progress?.Report(done);
                        k++;
                        continue;
                    }

                    // A stretch of frames that must be copied or decoded: filled on every core, written in order.
                    var end = k + 1;
                    while (end < n && !reader.CanReadZeroCopy(run.Local[end]))
                    {
                        end++;
                    }

                    done = WriteCopies(reader, run.Local, k, end, destination, done, progress, workers, ref page, cancellationToken);
                    k = end;
                }
            }
        }
        finally
        {
            Return(page);
            Return(crop);
        }
    }

    /// <summary>
    /// Writes frames [start, end) of <paramref name="local"/>, none of them a view, to <paramref name="destination"/>
    /// in chunks of up to <see cref="WriteChunkBytes"/>, or one larger frame. Compressed frames, and small frames read
    /// with pread, go in chunks of <see cref="DecodedChunkBytes"/> that workers on every core make ahead while this
    /// thread writes them in order. Returns <paramref name="done"/> plus the bytes written.
    /// </summary>
    private static unsafe long WriteCopies(
        ScanImageTiffReader reader, FrameSelection local, int start, int end, Stream destination, long done, IProgress<long>? progress, int workers, ref byte[]? page, CancellationToken cancellationToken)
    {
        var bounds = new List<int> { start };
        var sizes = new List<int>();
        var ahead = workers > 1 && (reader.Table.AnyDecoded
            || (reader.Backend == ReadBackend.RandomAccess && FramePixels.ByteCount(reader, local[start]) < SmallReadBytes));
        var chunkBytes = ahead ? DecodedChunkBytes : WriteChunkBytes;
        long chunk = 0;
        for (var f = start; f < end; f++)
        {
            var size = FramePixels.ByteCount(reader, local[f]);
            if (f > bounds[^1] && chunk + size > chunkBytes)
            {
                sizes.Add((int)chunk);
                bounds.Add(f);
                chunk = 0;
            }

            chunk += size;
        }

        sizes.Add((int)chunk);
        bounds.Add(end);

        // Plain copies of large frames are bound by memory, not the CPU: handing each chunk to another core for the sink
        // costs more (cache traffic, more system time measured) than it overlaps, so only decodes and small preads
        // are spread over the cores.
        if (sizes.Count == 1 || !ahead)
        {
            // One core, one chunk (which the interval copy spreads over the cores itself), or plain copies: chunk by chunk.
            var largest = sizes.Max();
            if (page is null || page.Length < largest)
            {
                Return(page);
                page = ArrayPool<byte>.Shared.Rent(largest);
            }

            for (var c = 0; c < sizes.Count; c++)
            {
                fixed (byte* p = page)
                {
                    SelectionCopier.Copy(reader, local, bounds[c], bounds[c + 1], p, sizes[c], cancellationToken);
                }

                destination.Write(page.AsSpan(0, sizes[c]));
                done += sizes[c];
                progress?.Report(done);
            }

            return done;
        }

        using var decoded = new OrderedProducer<byte[]>(
            sizes.Count,
            workers,
            2 * workers,
            c =>
            {
                var buffer = s_decodedChunks.Rent(sizes[c]);
                try
                {
                    fixed (byte* p = buffer)
                    {
                        SelectionCopier.CopySerial(reader, local, bounds[c], bounds[c + 1], p, cancellationToken);
                    }

                    return buffer;
                }
                catch
                {
                    s_decodedChunks.Return(buffer);
                    throw;
                }
            },
            buffer => s_decodedChunks.Return(buffer));
        for (var c = 0; c < sizes.Count; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var buffer = decoded.Take(c);
            try
            {
                destination.Write(buffer.AsSpan(0, sizes[c]));
            }
            finally
            {
                s_decodedChunks.Return(buffer);
            }

            done += sizes[c];
            progress?.Report(done);
        }

        return done;
    }

    /// <summary>Copies selected frames [start, end) (already checked) back to back to <paramref name="destination"/>.</summary>
    internal unsafe void CopyRange(int start, int end, byte* destination, CancellationToken cancellationToken)
    {
        if (Roi is not null)
        {
            byte[]? page = null;
            byte[]? crop = null;
            try
            {
                for (var k = start; k < end; k++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var bytes = FrameBytes(k, ref page, ref crop);
                    bytes.CopyTo(new Span<byte>(destination, bytes.Length));
                    destination += bytes.Length;
                }
            }
            finally
            {
                Return(page);
                Return(crop);
            }

            return;
        }

        foreach (var run in Runs)
        {
            var from = Math.Max(start, run.First) - run.First;
            var to = Math.Min(end, run.First + run.Local.Count) - run.First;
            if (from >= to)
            {
                continue;
            }

            var reader = Acquisition.Files[run.File];
            var bytes = SelectionCopier.RequireDecodable(reader, run.Local, from, to);
            SelectionCopier.Copy(reader, run.Local, from, to, destination, bytes, cancellationToken);
            destination += bytes;
        }
    }

    /// <summary>Checks every frame can be read as <typeparamref name="T"/> (any type when untyped); returns the selection's bytes.</summary>
    private long Require<T>(bool untyped)
        where T : unmanaged
    {
        long total = 0;
        foreach (var run in Runs)
        {
            var reader = Acquisition.Files[run.File];
            total += untyped
                ? SelectionCopier.RequireDecodable(reader, run.Local, 0, run.Local.Count)
                : SelectionCopier.RequireReadable<T>(reader, run.Local, 0, run.Local.Count);
        }

        return Roi is null ? total : GetByteCount();
    }

    private unsafe void Copy<T>(byte* destination, long capacity, bool untyped)
        where T : unmanaged
    {
        var total = Require<T>(untyped);
        if (capacity < total)
        {
            throw new ArgumentException($"destination holds {capacity} bytes but the {Count} selected frames have {total}", nameof(destination));
        }

        CopyRange(0, Count, destination, CancellationToken.None);
    }
}
