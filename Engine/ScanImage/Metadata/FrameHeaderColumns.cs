namespace ScanImageTiff.ScanImage;

/// <summary>
/// Frame-header fields of many IFDs as parallel arrays (element i belongs to the i-th description added
/// to the <see cref="FrameHeaderColumnsBuilder"/>). Missing or unparsable values are −1 in the counter
/// columns, NaN in the time columns and false in the flag columns.
/// </summary>
/// <remarks>The arrays are owned by this instance and handed out as is; callers may keep them.</remarks>
public sealed class FrameHeaderColumns
{
    internal FrameHeaderColumns(
        int count,
        long[] frameNumbers,
        long[] acquisitionNumbers,
        long[] frameNumberAcquisition,
        double[] frameTimestamps,
        double[] acqTriggerTimestamps,
        double[] nextFileMarkerTimestamps,
        bool[] endOfAcquisition,
        bool[] endOfAcquisitionMode)
    {
        Count = count;
        FrameNumbers = frameNumbers;
        AcquisitionNumbers = acquisitionNumbers;
        FrameNumberAcquisition = frameNumberAcquisition;
        FrameTimestamps = frameTimestamps;
        AcqTriggerTimestamps = acqTriggerTimestamps;
        NextFileMarkerTimestamps = nextFileMarkerTimestamps;
        EndOfAcquisition = endOfAcquisition;
        EndOfAcquisitionMode = endOfAcquisitionMode;
    }

    /// <summary>Number of descriptions, i.e. the length of every column.</summary>
    public int Count { get; }

    /// <summary><c>frameNumbers</c> (SI 5: <c>Frame Number</c>) per description; −1 where missing.</summary>
    public long[] FrameNumbers { get; }

    /// <summary><c>acquisitionNumbers</c> per description; −1 where missing.</summary>
    public long[] AcquisitionNumbers { get; }

    /// <summary><c>frameNumberAcquisition</c> per description; −1 where missing.</summary>
    public long[] FrameNumberAcquisition { get; }

    /// <summary><c>frameTimestamps_sec</c> (SI 5: <c>Frame Timestamp(s)</c>) per description, correctly rounded; NaN where missing.</summary>
    public double[] FrameTimestamps { get; }

    /// <summary><c>acqTriggerTimestamps_sec</c> per description; NaN where missing (ScanImage writes −1 when there was no trigger).</summary>
    public double[] AcqTriggerTimestamps { get; }

    /// <summary><c>nextFileMarkerTimestamps_sec</c> per description; NaN where missing.</summary>
    public double[] NextFileMarkerTimestamps { get; }

    /// <summary><c>endOfAcquisition</c> per description (non-zero or <c>true</c> is true); false where missing.</summary>
    public bool[] EndOfAcquisition { get; }

    /// <summary><c>endOfAcquisitionMode</c> per description (non-zero or <c>true</c> is true); false where missing.</summary>
    public bool[] EndOfAcquisitionMode { get; }

    /// <summary>Columns of several runs of frames, one after another.</summary>
    internal static FrameHeaderColumns Concat(IReadOnlyList<FrameHeaderColumns> parts)
    {
        if (parts.Count == 1)
        {
            return parts[0];
        }

        return new FrameHeaderColumns(
            parts.Sum(p => p.Count),
            Join(parts, p => p.FrameNumbers),
            Join(parts, p => p.AcquisitionNumbers),
            Join(parts, p => p.FrameNumberAcquisition),
            Join(parts, p => p.FrameTimestamps),
            Join(parts, p => p.AcqTriggerTimestamps),
            Join(parts, p => p.NextFileMarkerTimestamps),
            Join(parts, p => p.EndOfAcquisition),
            Join(parts, p => p.EndOfAcquisitionMode));

        static T[] Join<T>(IReadOnlyList<FrameHeaderColumns> parts, Func<FrameHeaderColumns, T[]> column)
        {
            var result = GC.AllocateUninitializedArray<T>(parts.Sum(p => p.Count));
            var at = 0;
            foreach (var part in parts)
            {
                column(part).CopyTo(result, at);
                at += part.Count;
            }

            return result;
        }
    }
}
