namespace ScanImageTiff.Native.Reading;

/// <summary>Frames [Start, End) of file <see cref="File"/> (file-local indices).</summary>
internal readonly record struct IfdRun(int File, int Start, int End);
