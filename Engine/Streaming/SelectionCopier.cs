using ScanImageTiff.Reading;

namespace ScanImageTiff.Streaming;

/// <summary>
/// Checks and copies the frames of a selection back to back into one destination; the copy itself (parallel
/// chunks for large selections) is the reader's <see cref="IntervalCopier"/>.
/// </summary>
internal static unsafe class SelectionCopier
{
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
    public static void Copy(ScanImageTiffReader reader, FrameSelection selection, int start, int end, byte* destination, long totalBytes, CancellationToken cancellationToken = default) =>
        IntervalCopier.Copy(reader.Frames, new SelectionIndices(selection), start, end, destination, totalBytes, cancellationToken);

    /// <summary>Like <see cref="Copy"/>, on this thread only: for callers that already run one copy per core.</summary>
    public static void CopySerial(ScanImageTiffReader reader, FrameSelection selection, int start, int end, byte* destination, CancellationToken cancellationToken = default) =>
        IntervalCopier.CopySerial(reader.Frames, new SelectionIndices(selection), start, end, destination, cancellationToken);
}
