using System.Runtime.ExceptionServices;
using ScanImageTiff.Memory;

namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// Turns one frame's stored chunks (strips or tiles, compressed or not, chunky or planar, either byte order)
/// into its pixels: row-major, samples interleaved, native byte order. Chunky strips are decoded straight into
/// the destination; tiles and plane strips go through this thread's scratch and are cropped or interleaved
/// from there. Compressed bytes come from the mapping without a copy (pread: into scratch).
/// </summary>
internal static class FrameDecoder
{
    // Frames this large are decoded chunk-parallel when called from one thread (a single ReadFrame).
    private const long ParallelFrameBytes = 8L << 20;

    // pread backend: a frame's chunks are read with one system call when they lie this close together.
    private const int GatherGapBytes = 64 << 10;

    /// <summary>
    /// Decodes frame <paramref name="frame"/> (for messages) from <paramref name="chunks"/>, its (offset, byte count)
    /// pairs already checked to lie inside the file, into <paramref name="destination"/> (exactly the frame's bytes).
    /// </summary>
    /// <exception cref="TiffFormatException">A chunk is corrupt, too short or decodes to more than its size; the offset is the chunk's.</exception>
    public static void Decode(FileSource source, in ChunkLayout layout, ReadOnlySpan<long> chunks, Span<byte> destination, int frame, bool fileBigEndian, bool parallel = false)
    {
        var count = (int)layout.ChunkCount;
        if (parallel && count > 1 && destination.Length >= ParallelFrameBytes && Environment.ProcessorCount > 1)
        {
            DecodeParallel(source, layout, chunks, destination, frame, fileBigEndian, count);
            return;
        }

        // pread: one read for all the frame's chunks (a frame's strips are usually stored back to back), not one each.
        long windowOffset = 0;
        var window = source.IsMapped || count < 2 ? default : Gather(source, layout, chunks, count, out windowOffset);
        for (var c = 0; c < count; c++)
        {
            var (offset, stored) = (chunks[2 * c], chunks[(2 * c) + 1]);
            var input = window.IsEmpty ? default : window.Slice((int)(offset - windowOffset), (int)Math.Min(stored, MaxStored(layout, c)));
            DecodeChunk(source, layout, c, offset, stored, destination, frame, fileBigEndian, input);
        }
    }

    /// <summary>
    /// Reads the byte range that holds every chunk of the frame (each clipped to what its decoder may read) into this
    /// thread's scratch, when the chunks lie in increasing order with gaps of at most <see cref="GatherGapBytes"/>
    /// (so the range is bounded by the bytes the chunks may use, never by a count from the file alone); else empty.
    /// </summary>
    private static Span<byte> Gather(FileSource source, in ChunkLayout layout, ReadOnlySpan<long> chunks, int count, out long windowOffset)
    {
        windowOffset = chunks[0];
        var end = windowOffset;
        for (var c = 0; c < count; c++)
        {
            var (offset, stored) = (chunks[2 * c], chunks[(2 * c) + 1]);
            if (stored > int.MaxValue || offset < end || offset - end > GatherGapBytes)
            {
                return default;
            }

            end = offset + Math.Min(stored, MaxStored(layout, c));
            if (end - windowOffset > Array.MaxLength)
            {
                return default;
            }
        }

        var window = StripCodecs.Current.Scratch(3, (int)(end - windowOffset));
        source.Read(windowOffset, window);
        return window;
    }

    // No codec here needs more than 1.5x its output (LZW's 12-bit codes for 8-bit bytes) plus headers: bytes a
    // count claims beyond that are never read, so a lying count cannot size the pread buffer.
    private static long MaxStored(in ChunkLayout layout, int index) =>
        layout.Compression == TiffCompression.None ? layout.ChunkBytes(index) : (2L * layout.ChunkBytes(index)) + 4096;

    private static unsafe void DecodeParallel(FileSource source, ChunkLayout layout, ReadOnlySpan<long> chunks, Span<byte> destination, int frame, bool fileBigEndian, int count)
    {
        var pairs = chunks[..(2 * count)].ToArray();
        fixed (byte* p = destination)
        {
            var address = (nint)p;
            var length = destination.Length;
            try
            {
                Parallel.For(0, count, c =>
                    DecodeChunk(source, layout, c, pairs[2 * c], pairs[(2 * c) + 1], new Span<byte>((byte*)address, length), frame, fileBigEndian));
            }
            catch (AggregateException e)
            {
                // Callers expect the engine's own exception types, not a wrapper.
                ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
                throw;
            }
        }
    }

    private static void DecodeChunk(
        FileSource source, in ChunkLayout layout, int index, long offset, long storedBytes, Span<byte> frameBytes, int frame, bool fileBigEndian, ReadOnlySpan<byte> gathered = default)
    {
        var codecs = StripCodecs.Current;
        var decodedBytes = (int)layout.ChunkBytes(index);
        var rows = layout.ChunkRows(index);
        var perPlane = layout.ChunksPerPlane;
        var plane = (int)(index / perPlane);
        var within = index % perPlane;
        var row0 = (int)(within / layout.ChunksAcross) * layout.ChunkHeight;
        var col0 = (int)(within % layout.ChunksAcross) * layout.ChunkWidth;
        var frameRowBytes = (long)layout.Width * layout.SamplesPerPixel * layout.BytesPerSample;

        Span<byte> decoded = layout.DecodesInPlace
            ? frameBytes.Slice((int)(row0 * frameRowBytes), decodedBytes)
            : codecs.Scratch(1, decodedBytes);

        if (storedBytes > int.MaxValue)
        {
            throw Corrupt(layout, index, offset, frame, $"stores {storedBytes} bytes");
        }

        var stored = (int)storedBytes;
        if (layout.Compression == TiffCompression.None)
        {
            if (stored < decodedBytes)
            {
                throw Corrupt(layout, index, offset, frame, $"has {stored} bytes but its {rows} rows need {decodedBytes}");
            }

            if (gathered.IsEmpty)
            {
                source.Read(offset, decoded);
            }
            else
            {
                gathered[..decodedBytes].CopyTo(decoded);
            }
        }
        else
        {
            stored = (int)Math.Min(stored, MaxStored(layout, index));
            var input = gathered.IsEmpty ? source.GetSpan(offset, stored, source.IsMapped ? default : codecs.Scratch(0, stored)) : gathered;
            try
            {
                codecs.For(layout.Compression).Decode(input, decoded);
            }
            catch (InvalidDataException e)
            {
                throw Corrupt(layout, index, offset, frame, e.Message);
            }
        }

        var sampleSize = layout.BytesPerSample;
        var stride = layout.SamplesPerChunkPixel;
        switch (layout.Predictor)
        {
            case TiffCompression.PredictorHorizontal:
                if (fileBigEndian)
                {
                    Reading.FrameReader.SwapInPlace(decoded, sampleSize);
                }

                HorizontalPredictor.Decode(decoded, rows, layout.ChunkWidth, stride, sampleSize);
                break;
            case TiffCompression.PredictorFloatingPoint:
                // libtiff (4.x) byte-swaps the samples of a big-endian file before fpDiff and after fpAcc, so the
                // regrouped bytes of such a file come out byte-reversed: swap them back after undoing the prediction.
                FloatingPointPredictor.Decode(decoded, rows, layout.ChunkWidth, stride, sampleSize, codecs.Scratch(2, (int)layout.ChunkRowBytes));
                if (fileBigEndian)
                {
                    Reading.FrameReader.SwapInPlace(decoded, sampleSize);
                }

                break;
            default:
                if (fileBigEndian)
                {
                    Reading.FrameReader.SwapInPlace(decoded, sampleSize);
                }

                break;
        }

        if (!layout.DecodesInPlace)
        {
            Place(layout, decoded, frameBytes, plane, row0, col0, rows, frameRowBytes);
        }
    }

    /// <summary>Copies a decoded tile or plane strip into the frame: cropped at the right and bottom edges, interleaved when planar.</summary>
    private static void Place(in ChunkLayout layout, ReadOnlySpan<byte> decoded, Span<byte> frameBytes, int plane, int row0, int col0, int rows, long frameRowBytes)
    {
        var sampleSize = layout.BytesPerSample;
        var spp = layout.SamplesPerPixel;
        var visibleRows = Math.Min(rows, layout.Height - row0);
        var visibleCols = Math.Min(layout.ChunkWidth, layout.Width - col0);
        var chunkRowBytes = (int)layout.ChunkRowBytes;
        for (var r = 0; r < visibleRows; r++)
        {
            var src = decoded.Slice(r * chunkRowBytes, chunkRowBytes);
            var dst = frameBytes.Slice((int)(((row0 + r) * frameRowBytes) + ((long)col0 * spp * sampleSize)));
            if (!layout.Planar)
            {
                src[..(visibleCols * spp * sampleSize)].CopyTo(dst);
                continue;
            }

            var pixelBytes = spp * sampleSize;
            var at = plane * sampleSize;
            for (var x = 0; x < visibleCols; x++)
            {
                src.Slice(x * sampleSize, sampleSize).CopyTo(dst[((x * pixelBytes) + at)..]);
            }
        }
    }

    private static TiffFormatException Corrupt(in ChunkLayout layout, long index, long offset, int frame, string problem)
    {
        var kind = layout.Tiled ? "tile" : "strip";
        return new TiffFormatException($"{TiffCompression.Describe(layout.Compression)} {kind} {index}: {problem}", offset, frame);
    }
}
