namespace ScanImageTiff.Cli.Input;

/// <summary>One frame of a selection: a global IFD index and, for an mROI field, the part of it to take.</summary>
internal readonly record struct SelectedFrame(int Ifd, PixelRect? Crop = null);
