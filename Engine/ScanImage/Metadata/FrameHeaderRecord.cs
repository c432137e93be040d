namespace ScanImageTiff.ScanImage;

/// <summary>
/// The numeric frame-header fields of one description, as plain fields so the scanner can parse into them
/// by reference without allocating. "Missing" is −1 for counters, NaN for times and false for flags.
/// </summary>
internal struct FrameHeaderRecord
{
    public long FrameNumber;
    public long AcquisitionNumber;
    public long FrameNumberAcquisition;
    public double FrameTimestamp;
    public double AcqTriggerTimestamp;
    public double NextFileMarkerTimestamp;
    public bool EndOfAcquisition;
    public bool EndOfAcquisitionMode;

    /// <summary>The mode number behind <see cref="EndOfAcquisitionMode"/> (which is this ≠ 0).</summary>
    public int EndOfAcquisitionModeValue;

    /// <summary>Bit i set when field i (in declaration order above) was found, so a real −1 is told from "missing".</summary>
    public int Found;

    public readonly bool Has(int field) => (Found & (1 << field)) != 0;

    public static FrameHeaderRecord Missing => new()
    {
        FrameNumber = -1,
        AcquisitionNumber = -1,
        FrameNumberAcquisition = -1,
        FrameTimestamp = double.NaN,
        AcqTriggerTimestamp = double.NaN,
        NextFileMarkerTimestamp = double.NaN,
    };
}
