namespace ScanImageTiff.Cli.Bench;

/// <summary>One timed operation: every repetition's seconds, the bytes it moves and the baseline it is compared with.</summary>
internal sealed record Measurement(string Name, string Label, double[] Seconds, long Bytes, string? Baseline)
{
    /// <summary>The median of the repetitions.</summary>
    public double Median
    {
        get
        {
            var sorted = Seconds.Order().ToArray();
            var mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    /// <summary>Decimal gigabytes per second at the median, null when the operation moves no pixel bytes.</summary>
    public double? GigabytesPerSecond => Bytes > 0 && Median > 0 ? Bytes / Median / 1e9 : null;
}
