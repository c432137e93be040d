using System.Reflection;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ScanImageTiff.Benchmarks.Inputs;

namespace ScanImageTiff.Benchmarks.Reporting;

/// <summary>The measured numbers of one benchmark case that the custom columns derive from.</summary>
internal sealed class CaseMetrics
{
    private CaseMetrics(BenchmarkCase benchmarkCase, InputKind? input, Workload? workload, double? meanNs, double? baselineMeanNs, long? bytesPerOp)
    {
        Case = benchmarkCase;
        Input = input;
        Workload = workload;
        MeanNs = meanNs;
        BaselineMeanNs = baselineMeanNs;
        BytesAllocatedPerOp = bytesPerOp;
    }

    public BenchmarkCase Case { get; }

    public InputKind? Input { get; }

    public Workload? Workload { get; }

    public double? MeanNs { get; }

    public double? BaselineMeanNs { get; }

    public long? BytesAllocatedPerOp { get; }

    public double? NsPerFrame => MeanNs is { } m && Workload is { Frames: > 0 } w ? m / w.Frames : null;

    public double? BytesPerFrame => BytesAllocatedPerOp is { } b && Workload is { Frames: > 0 } w ? (double)b / w.Frames : null;

    /// <summary>Pixel bytes per second, in GB/s (10^9).</summary>
    public double? GigabytesPerSecond => MeanNs is { } m && Workload is { PixelBytes: > 0 } w ? w.PixelBytes / m : null;

    /// <summary>Baseline mean ÷ this mean.</summary>
    public double? Speedup => MeanNs is { } m && BaselineMeanNs is { } b && m > 0 ? b / m : null;

    public static CaseMetrics From(Summary summary, BenchmarkCase benchmarkCase)
    {
        InputKind? input = null;
        Workload? workload = null;
        if (benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Input")?.Value is InputKind kind)
        {
            input = kind;
            var describe = benchmarkCase.Descriptor.Type.GetMethod(nameof(IDescribesWorkload.Describe), BindingFlags.Public | BindingFlags.Static, [typeof(InputKind)]);
            workload = describe?.Invoke(null, [kind]) as Workload?;
        }

        var report = summary[benchmarkCase];
        var mean = report?.ResultStatistics?.Mean;
        var bytes = report?.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
        double? baselineMean = null;
        if (summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase)) is { } baseline)
        {
            baselineMean = summary[baseline]?.ResultStatistics?.Mean;
        }

        return new CaseMetrics(benchmarkCase, input, workload, mean, baselineMean, bytes);
    }
}
