namespace ScanImageTiff.Cli.Streaming;

/// <summary>One line of <c>sitiff stream</c>.</summary>
/// <param name="Index">Global IFD index.</param>
/// <param name="FrameNumber">ScanImage <c>frameNumbers</c>, null when the description has none.</param>
/// <param name="Timestamp">ScanImage <c>frameTimestamps_sec</c>, null when absent.</param>
/// <param name="Mean">Mean of the frame's (selected) samples.</param>
/// <param name="EndOfAcquisition">The description says <c>endOfAcquisition = 1</c>.</param>
internal readonly record struct FrameRecord(int Index, long? FrameNumber, double? Timestamp, double Mean, bool EndOfAcquisition);
