using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ScanImageTiff.Benchmarks.Inputs;

namespace ScanImageTiff.Benchmarks.Reporting;

/// <summary>Shows each method's <see cref="TargetAttribute"/> goals and whether this run met them.</summary>
internal sealed class TargetColumn : IColumn
{
    // The smallest object on a 64-bit runtime (header, method table, one field): one per frame is at least this.
    private const double MinObjectBytes = 24;

    public static TargetColumn Instance { get; } = new();

    public string Id => nameof(TargetColumn);

    public string ColumnName => "Target";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 1;

    public bool IsNumeric => false;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Goals from the brief: ok / MISS (not judged in a --smoke run)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var m = CaseMetrics.From(summary, benchmarkCase);
        var targets = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttributes<TargetAttribute>()
            .Where(t => t.For.Length == 0 || (m.Input is { } input && t.For.Contains(input)))
            .ToList();
        if (targets.Count == 0)
        {
            return "-";
        }

        var smoke = InputCatalog.IsSmoke;
        var parts = new List<string>();
        foreach (var t in targets)
        {
            if (t.MinSpeedup > 0)
            {
                parts.Add(Judge($"speedup>={t.MinSpeedup:0.##}x", m.Speedup, v => v >= t.MinSpeedup, smoke));
            }

            if (t.MinRatio > 0)
            {
                var ratio = m.Speedup is { } s and > 0 ? 1 / s : (double?)null;
                parts.Add(Judge($"ratio>={t.MinRatio:0.##}", ratio, v => v >= t.MinRatio, smoke));
            }

            if (t.MaxNsPerFrame > 0)
            {
                parts.Add(Judge($"<={t.MaxNsPerFrame:0.##}ns/frame", m.NsPerFrame, v => v <= t.MaxNsPerFrame, smoke));
            }

            if (t.MaxMilliseconds > 0)
            {
                parts.Add(Judge($"<={t.MaxMilliseconds:0.##}ms", m.MeanNs / 1e6, v => v <= t.MaxMilliseconds, smoke));
            }

            if (t.MaxBytesPerFrame >= 0)
            {
                // 0 means "nothing allocated per frame": less than one object per frame. Any object takes at least
                // 24 bytes, so one per frame fails; a per-call cost (an enumerator, a channel) spread over the frames passes.
                parts.Add(t.MaxBytesPerFrame == 0
                    ? Judge($"no alloc/frame", m.BytesPerFrame, v => v < MinObjectBytes, smoke)
                    : Judge($"<={t.MaxBytesPerFrame:0.##}B/frame", m.BytesPerFrame, v => v <= t.MaxBytesPerFrame, smoke));
            }
        }

        return string.Join("; ", parts);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public override string ToString() => ColumnName;

    private static string Judge(FormattableString goal, double? value, Func<double, bool> met, bool smoke)
    {
        var text = goal.ToString(CultureInfo.InvariantCulture);
        if (smoke)
        {
            return $"{text} (smoke)";
        }

        return value is { } v ? $"{text} {(met(v) ? "ok" : "MISS")}" : $"{text} ?";
    }
}
