using ScanImageTiff.Benchmarks.Inputs;

namespace ScanImageTiff.Benchmarks.Reporting;

/// <summary>
/// Implemented by every benchmark class so <see cref="PerFrameColumn"/> can turn a mean into ns per frame,
/// allocation into bytes per frame and time into GB/s (read by reflection from the host process).
/// </summary>
public interface IDescribesWorkload
{
    /// <summary>What one operation of the class covers for <paramref name="input"/>.</summary>
    /// <param name="input">The [Params] value.</param>
    static abstract Workload Describe(InputKind input);
}
