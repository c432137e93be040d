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

    /// <summary>Columns of <paramref name="count"/> rows, uninitialised: every row must be <see cref="Set"/> before use.</summary>
    internal static FrameHeaderColumns Allocate(int count) => new(
        count,
        GC.AllocateUninitializedArray<long>(count),
        GC.AllocateUninitializedArray<long>(count),
        GC.AllocateUninitializedArray<long>(count),
        GC.AllocateUninitializedArray<double>(count),
        GC.AllocateUninitializedArray<double>(count),
        GC.AllocateUninitializedArray<double>(count),
        GC.AllocateUninitializedArray<bool>(count),
        GC.AllocateUninitializedArray<bool>(count));

    /// <summary>Stores one description's fields as row <paramref name="row"/>.</summary>
    internal void Set(int row, in FrameHeaderRecord record)
    {
        FrameNumbers[row] = record.FrameNumber;
        AcquisitionNumbers[row] = record.AcquisitionNumber;
        FrameNumberAcquisition[row] = record.FrameNumberAcquisition;
        FrameTimestamps[row] = record.FrameTimestamp;
        AcqTriggerTimestamps[row] = record.AcqTriggerTimestamp;
        NextFileMarkerTimestamps[row] = record.NextFileMarkerTimestamp;
        EndOfAcquisition[row] = record.EndOfAcquisition;
        EndOfAcquisitionMode[row] = record.EndOfAcquisitionMode;
    }

    /// <summary>The first <paramref name="rows"/> rows copied into columns of <paramref name="count"/> rows.</summary>
    internal FrameHeaderColumns CopyTo(int rows, int count)
    {
        var copy = Allocate(count);
        FrameNumbers.AsSpan(0, rows).CopyTo(copy.FrameNumbers);
        AcquisitionNumbers.AsSpan(0, rows).CopyTo(copy.AcquisitionNumbers);
        FrameNumberAcquisition.AsSpan(0, rows).CopyTo(copy.FrameNumberAcquisition);
        FrameTimestamps.AsSpan(0, rows).CopyTo(copy.FrameTimestamps);
        AcqTriggerTimestamps.AsSpan(0, rows).CopyTo(copy.AcqTriggerTimestamps);
        NextFileMarkerTimestamps.AsSpan(0, rows).CopyTo(copy.NextFileMarkerTimestamps);
        EndOfAcquisition.AsSpan(0, rows).CopyTo(copy.EndOfAcquisition);
        EndOfAcquisitionMode.AsSpan(0, rows).CopyTo(copy.EndOfAcquisitionMode);
        return copy;
    }
}
