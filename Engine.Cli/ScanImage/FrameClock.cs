namespace ScanImageTiff.Cli.ScanImage;

/// <summary>The per-frame header values <c>sitiff stream</c> reports, each null when the description lacks it.</summary>
/// <param name="FrameNumber"><c>frameNumbers</c>: the same for all channel IFDs of one frame.</param>
/// <param name="Timestamp"><c>frameTimestamps_sec</c>: seconds since the acquisition-mode start.</param>
/// <param name="EndOfAcquisition"><c>endOfAcquisition = 1</c>: the last frame of an acquisition.</param>
internal readonly record struct FrameClock(long? FrameNumber, double? Timestamp, bool EndOfAcquisition);
