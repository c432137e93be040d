using ScanImageTiff.Benchmarks.Inputs;

namespace ScanImageTiff.Benchmarks.Reporting;

/// <summary>
/// A goal a benchmark method should meet, shown (and judged) in the Target column. Several may be given;
/// <see cref="For"/> limits one to some inputs. Goals are judged only from a real run, never a smoke run.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class TargetAttribute : Attribute
{
    /// <summary>Baseline mean ÷ this mean must be at least this (0.9 = within 10 % of the baseline).</summary>
    public double MinSpeedup { get; init; }

    /// <summary>This mean ÷ baseline mean (BenchmarkDotNet's Ratio) must be at least this (the baseline is the faster side).</summary>
    public double MinRatio { get; init; }

    /// <summary>Mean time per frame must be at most this many nanoseconds.</summary>
    public double MaxNsPerFrame { get; init; }

    /// <summary>Mean time per operation must be at most this many milliseconds.</summary>
    public double MaxMilliseconds { get; init; }

    /// <summary>
    /// Bytes allocated per frame must be at most this (−1 = no goal); 0 means no allocation per frame, judged as
    /// less than one object (24 bytes) per frame read, so a per-call cost such as an enumerator does not count.
    /// </summary>
    public double MaxBytesPerFrame { get; init; } = -1;

    /// <summary>The inputs this goal applies to; all when empty.</summary>
    public InputKind[] For { get; init; } = [];
}
