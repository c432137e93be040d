namespace ScanImageTiff.Benchmarks.Reporting;

/// <summary>What one benchmark operation covers, for the per-frame and throughput columns.</summary>
/// <param name="Frames">Frames (IFDs) one operation handles.</param>
/// <param name="PixelBytes">Pixel bytes one operation moves or reads; 0 when pixels are not touched.</param>
public readonly record struct Workload(int Frames, long PixelBytes);
