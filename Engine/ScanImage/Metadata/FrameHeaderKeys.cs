namespace ScanImageTiff.ScanImage;

/// <summary>
/// Frame-header key spellings. SI 2015+ writes the camelCase keys; SI 5 wrote five leading lines with
/// spaced names, which mean the same thing and are mapped onto the same properties.
/// </summary>
internal static class FrameHeaderKeys
{
    public const string FrameNumbers = "frameNumbers";
    public const string AcquisitionNumbers = "acquisitionNumbers";
    public const string FrameNumberAcquisition = "frameNumberAcquisition";
    public const string FrameTimestamps = "frameTimestamps_sec";
    public const string AcqTriggerTimestamps = "acqTriggerTimestamps_sec";
    public const string NextFileMarkerTimestamps = "nextFileMarkerTimestamps_sec";
    public const string EndOfAcquisition = "endOfAcquisition";
    public const string EndOfAcquisitionMode = "endOfAcquisitionMode";
    public const string DcOverVoltage = "dcOverVoltage";
    public const string Epoch = "epoch";
    public const string I2CData = "I2CData";
    public const string AuxTriggerPrefix = "auxTrigger";
    public const string Wrapper = "FrameHeader";

    public const string Si5FrameNumber = "Frame Number";
    public const string Si5FrameTimestamp = "Frame Timestamp(s)";
    public const string Si5AcqTriggerTimestamp = "Acq Trigger Timestamp(s)";
    public const string Si5NextFileMarkerTimestamp = "Next File Marker Timestamp(s)";
    public const string Si5DcOverVoltage = "DC Overvoltage";

    /// <summary>
    /// In SI ≤ 2015 descriptions the frame lines are followed by the whole non-varying metadata; a key with
    /// one of these prefixes marks where frame data ends.
    /// </summary>
    public static bool IsNonVaryingKey(ReadOnlySpan<char> key)
        => key.StartsWith("scanimage.", StringComparison.Ordinal) || key.StartsWith("state.", StringComparison.Ordinal) || key.StartsWith("SI.", StringComparison.Ordinal);

    /// <inheritdoc cref="IsNonVaryingKey(ReadOnlySpan{char})"/>
    public static bool IsNonVaryingKey(ReadOnlySpan<byte> key)
        => key.StartsWith("scanimage."u8) || key.StartsWith("state."u8) || key.StartsWith("SI."u8);
}
