using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ScanImageTiff.Benchmarks.Reporting;

/// <summary>A summary column computed from <see cref="CaseMetrics"/> (per-frame time, allocation, throughput, speedup).</summary>
internal sealed class MetricColumn(string name, string legend, Func<CaseMetrics, string?> value) : IColumn
{
    public static IColumn[] All { get; } =
    [
        new MetricColumn("Frames/op", "Frames (IFDs) one operation covers", m => m.Workload?.Frames.ToString("N0", Invariant)),
        new MetricColumn("ns/frame", "Mean ÷ frames per operation (ns per IFD for OpenIndex)", m => m.NsPerFrame?.ToString("N1", Invariant)),
        new MetricColumn("B/frame", "Bytes allocated per operation ÷ frames per operation", m => m.BytesPerFrame?.ToString("N2", Invariant)),
        new MetricColumn("GB/s", "Pixel bytes per operation ÷ mean (10^9 bytes per second)", m => m.GigabytesPerSecond?.ToString("N2", Invariant)),
        new MetricColumn("Speedup", "Baseline mean ÷ this mean: > 1 is faster than the class's baseline (the brief's targets are stated this way)", m => m.Speedup is { } s ? s.ToString("N2", Invariant) + "x" : null),
    ];

    private static IFormatProvider Invariant => System.Globalization.CultureInfo.InvariantCulture;

    public string Id => $"{nameof(MetricColumn)}.{name}";

    public string ColumnName => name;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => legend;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        value(CaseMetrics.From(summary, benchmarkCase)) ?? "-";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public override string ToString() => ColumnName;
}
