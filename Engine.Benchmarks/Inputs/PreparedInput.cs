namespace ScanImageTiff.Benchmarks.Inputs;

/// <summary>An input file on disk, its shape and its expected content.</summary>
/// <param name="Path">The file.</param>
/// <param name="Spec">What it holds.</param>
/// <param name="Pixels">Its pixel content, for checks.</param>
public sealed record PreparedInput(string Path, InputSpec Spec, SyntheticPixels Pixels);
