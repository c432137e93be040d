namespace ScanImageTiff.Cli.Input;

/// <summary>A rectangle of pixels inside a frame (an mROI field), in pixels from the top-left corner.</summary>
internal readonly record struct PixelRect(int X, int Y, int Width, int Height);
