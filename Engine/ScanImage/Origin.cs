namespace ScanImageTiff.ScanImage;

/// <summary>Where a file's two metadata sections start (file offsets, -1 when not known), and the file.</summary>
internal readonly record struct Origin(long Section0At, long Section1At, string Path);
