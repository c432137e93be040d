namespace ScanImageTiff.ScanImage;

/// <summary>
/// The counters, times and end flags of one frame header: the numeric properties of <see cref="FrameHeader"/>, read
/// by <see cref="FrameHeader.ReadCounters"/> without parsing the rest of the description. Each is null when the
/// header lacks it (or holds something that is not a value of its type).
/// </summary>
/// <param name="FrameNumber"><c>frameNumbers</c> (SI 5: <c>Frame Number</c>).</param>
/// <param name="AcquisitionNumber"><c>acquisitionNumbers</c>.</param>
/// <param name="FrameNumberAcquisition"><c>frameNumberAcquisition</c>.</param>
/// <param name="FrameTimestamp"><c>frameTimestamps_sec</c> (SI 5: <c>Frame Timestamp(s)</c>).</param>
/// <param name="AcqTriggerTimestamp"><c>acqTriggerTimestamps_sec</c> (SI 5: <c>Acq Trigger Timestamp(s)</c>).</param>
/// <param name="NextFileMarkerTimestamp"><c>nextFileMarkerTimestamps_sec</c> (SI 5: <c>Next File Marker Timestamp(s)</c>).</param>
/// <param name="EndOfAcquisition"><c>endOfAcquisition</c>: true on the last frame of an acquisition.</param>
/// <param name="EndOfAcquisitionMode"><c>endOfAcquisitionMode</c>: 1 on the last frame of the acquisition mode.</param>
public readonly record struct FrameHeaderCounters(
    long? FrameNumber,
    long? AcquisitionNumber,
    long? FrameNumberAcquisition,
    double? FrameTimestamp,
    double? AcqTriggerTimestamp,
    double? NextFileMarkerTimestamp,
    bool? EndOfAcquisition,
    int? EndOfAcquisitionMode)
{
    /// <summary>The fields the scanner found, null for the others.</summary>
    internal static FrameHeaderCounters From(in FrameHeaderRecord record) => new(
        record.Has(FrameHeaderScanner.FrameNumberField) ? record.FrameNumber : null,
        record.Has(FrameHeaderScanner.AcquisitionNumberField) ? record.AcquisitionNumber : null,
        record.Has(FrameHeaderScanner.FrameNumberAcquisitionField) ? record.FrameNumberAcquisition : null,
        record.Has(FrameHeaderScanner.FrameTimestampField) ? record.FrameTimestamp : null,
        record.Has(FrameHeaderScanner.AcqTriggerTimestampField) ? record.AcqTriggerTimestamp : null,
        record.Has(FrameHeaderScanner.NextFileMarkerTimestampField) ? record.NextFileMarkerTimestamp : null,
        record.Has(FrameHeaderScanner.EndOfAcquisitionField) ? record.EndOfAcquisition : null,
        record.Has(FrameHeaderScanner.EndOfAcquisitionModeField) ? record.EndOfAcquisitionModeValue : null);
}
