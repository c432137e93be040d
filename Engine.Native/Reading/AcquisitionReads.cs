using System.Buffers;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Native.Reading;

/// <summary>
/// Pixel reads over an acquisition's global IFD indices: intervals and lists become runs of frames in
/// one file, and each run is copied by the engine (its bounded workers), in spans of at most 1 GiB.
/// </summary>
internal static unsafe class AcquisitionReads
{
    private const long MaxSpanBytes = 1L << 30;

    /// <summary>Global frames [beg, end) as per-file runs.</summary>
    public static List<IfdRun> Interval(ScanImageAcquisition acquisition, long beg, long end)
    {
        if (beg < 0 || end > acquisition.FrameCount || beg > end)
        {
            throw new ArgumentOutOfRangeException(nameof(beg), $"[{beg}, {end}) is not a frame interval: there are {acquisition.FrameCount} frames");
        }

        var runs = new List<IfdRun>();
        for (var f = 0; f < acquisition.Files.Count; f++)
        {
            var first = acquisition.FirstIfdOf(f);
            var s = Math.Max(beg, first);
            var e = Math.Min(end, first + acquisition.Files[f].FrameCount);
            if (s < e)
            {
                runs.Add(new IfdRun(f, (int)(s - first), (int)(e - first)));
            }
        }

        return runs;
    }

    /// <summary>A list of global IFDs as runs, merging neighbours that follow each other in one file.</summary>
    public static List<IfdRun> List(ScanImageAcquisition acquisition, ReadOnlySpan<long> ifds)
    {
        var runs = new List<IfdRun>();
        foreach (var g in ifds)
        {
            if (g < 0 || g >= acquisition.FrameCount)
            {
                throw new ArgumentOutOfRangeException(nameof(ifds), g, $"IFD {g} is out of range: there are {acquisition.FrameCount}");
            }

            var (file, frame) = acquisition.Resolve((int)g);
            if (runs.Count > 0 && runs[^1] is { } last && last.File == file && last.End == frame)
            {
                runs[^1] = last with { End = frame + 1 };
            }
            else
            {
                runs.Add(new IfdRun(file, frame, frame + 1));
            }
        }

        return runs;
    }

    /// <summary>Decoded bytes of the runs; throws NotSupportedException when a frame cannot be decoded.</summary>
    public static ulong ByteCount(ScanImageAcquisition acquisition, List<IfdRun> runs)
    {
        ulong total = 0;
        foreach (var r in runs)
        {
            total += (ulong)acquisition.Files[r.File].GetByteCount(r.Start, r.End);
        }

        return total;
    }

    /// <summary>Copies the runs back to back into <paramref name="destination"/> (host byte order).</summary>
    public static void Copy(ScanImageAcquisition acquisition, List<IfdRun> runs, byte* destination, ulong capacity, string what)
    {
        var needed = ByteCount(acquisition, runs);
        Runtime.NativeCall.Fits(needed, capacity, what);
        if (needed > 0 && destination == null)
        {
            throw new ArgumentNullException(nameof(destination), "buf must not be NULL");
        }

        foreach (var r in runs)
        {
            var reader = acquisition.Files[r.File];
            var start = r.Start;
            while (start < r.End)
            {
                // Grow the span frame by frame up to 1 GiB (Span<byte> is int-sized); the engine copies
                // each span in parallel chunks.
                var end = start;
                long bytes = 0;
                while (end < r.End)
                {
                    var next = reader.GetFrameInfo(end).ByteCount;
                    if (end > start && bytes + next > MaxSpanBytes)
                    {
                        break;
                    }

                    bytes += next;
                    end++;
                }

                if (bytes > int.MaxValue)
                {
                    throw new NotSupportedException($"{reader.FilePath}: frame {start} holds {bytes} bytes; frames over 2 GiB are not supported");
                }

                reader.ReadFramesLittleEndian(start, end, new Span<byte>(destination, (int)bytes));
                destination += bytes;
                start = end;
            }
        }
    }

    /// <summary>
    /// Copies rectangle <paramref name="rect"/> of each listed IFD ([n][height][width][samples]) into
    /// <paramref name="destination"/>; zero-copy frames are read in place, the others through a pooled buffer.
    /// </summary>
    public static void CopyRoi(ScanImageAcquisition acquisition, RoiRectangle rect, ReadOnlySpan<long> ifds, byte* destination, ulong capacity)
    {
        var needed = RoiByteCount(acquisition, rect, ifds);
        Runtime.NativeCall.Fits(needed, capacity, $"ROI {rect.Index} of {ifds.Length} IFDs");
        if (needed > 0 && destination == null)
        {
            throw new ArgumentNullException(nameof(destination), "buf must not be NULL");
        }

        foreach (var g in ifds)
        {
            var (file, frame) = acquisition.Resolve((int)g);
            var reader = acquisition.Files[file];
            var info = reader.GetFrameInfo(frame);
            var pixel = info.SamplesPerPixel * info.PixelType!.Value.Size();
            if (FramePointers.TryGet(reader, frame, out var pointer, out _))
            {
                destination = CopyRows((byte*)pointer, info.Width, pixel, rect, destination);
                continue;
            }

            var rented = ArrayPool<byte>.Shared.Rent(checked((int)info.ByteCount));
            try
            {
                reader.ReadFramesLittleEndian(frame, frame + 1, rented.AsSpan(0, (int)info.ByteCount));
                fixed (byte* page = rented)
                {
                    destination = CopyRows(page, info.Width, pixel, rect, destination);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static byte* CopyRows(byte* page, int pageWidth, int pixelBytes, RoiRectangle rect, byte* destination)
    {
        var rowBytes = (long)rect.Width * pixelBytes;
        for (var y = 0; y < rect.Height; y++)
        {
            var from = page + ((((long)(rect.Row + y) * pageWidth) + rect.Column) * pixelBytes);
            Buffer.MemoryCopy(from, destination, rowBytes, rowBytes);
            destination += rowBytes;
        }

        return destination;
    }

    /// <summary>Bytes of one ROI of each listed IFD; checks indices, sample types and that the rectangle fits.</summary>
    public static ulong RoiByteCount(ScanImageAcquisition acquisition, RoiRectangle rect, ReadOnlySpan<long> ifds)
    {
        ulong total = 0;
        foreach (var g in ifds)
        {
            if (g < 0 || g >= acquisition.FrameCount)
            {
                throw new ArgumentOutOfRangeException(nameof(ifds), g, $"IFD {g} is out of range: there are {acquisition.FrameCount}");
            }

            var info = acquisition.GetFrameInfo((int)g);
            if (info.PixelType is not { } type)
            {
                throw new NotSupportedException($"IFD {g} cannot be decoded: {info.Unsupported}");
            }

            if (rect.Row + rect.Height > info.Height || rect.Column + rect.Width > info.Width)
            {
                throw new InvalidOperationException($"ROI {rect.Index} ({rect.Height} x {rect.Width} at row {rect.Row}) does not fit IFD {g} ({info.Height} x {info.Width})");
            }

            total += (ulong)((long)rect.Height * rect.Width * info.SamplesPerPixel * type.Size());
        }

        return total;
    }
}
