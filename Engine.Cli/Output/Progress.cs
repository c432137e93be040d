using System.Diagnostics;
using System.Globalization;

namespace ScanImageTiff.Cli.Output;

/// <summary>
/// A live progress line on stderr (bytes, percentage, rate, ETA), redrawn at most 5 times a second: on a
/// terminal for long runs, anywhere with <c>--progress</c>, never into pipes or captured output otherwise.
/// </summary>
internal sealed class Progress : IProgress<long>
{
    /// <summary>Checksums and streams smaller than this finish before a line would help.</summary>
    public const long LongRunBytes = 100L * 1000 * 1000;

    private const int RedrawMilliseconds = 200;

    private readonly TextWriter _error;
    private readonly string _label;
    private readonly long _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDraw = -1;
    private int _width;

    internal Progress(TextWriter error, string label, long total)
    {
        _error = error;
        _label = label;
        _total = total;
    }

    /// <summary>
    /// A progress line for a run of <paramref name="total"/> bytes, or null: drawn when <paramref name="force"/>
    /// (<c>--progress</c>), or on a terminal when the run moves at least <paramref name="minimum"/> bytes.
    /// </summary>
    public static Progress? Start(CliContext context, string label, long total, bool force = false, long minimum = 0) =>
        force || (context.ShowProgress && total >= minimum) ? new Progress(context.Error, label, total) : null;

    /// <summary>Redraws the line for <paramref name="done"/> bytes (the first call and the last always draw).</summary>
    public void Report(long done)
    {
        var now = _clock.ElapsedMilliseconds;
        if (_lastDraw >= 0 && now - _lastDraw < RedrawMilliseconds && done < _total)
        {
            return;
        }

        _lastDraw = now;
        Draw(Line(done, now / 1000.0));
    }

    /// <summary>Shows a status text instead of numbers (bench).</summary>
    public void Status(string text) => Draw($"{_label}: {text}");

    /// <summary>Removes the line (before other output is written to the same terminal, and at the end).</summary>
    public void Clear()
    {
        if (_width > 0)
        {
            _error.Write("\r" + new string(' ', _width) + "\r");
            _error.Flush();
            _width = 0;
        }
    }

    /// <summary>Clears the line.</summary>
    public void Done() => Clear();

    /// <summary>The line's text: <c>export:  42.0%  1.2 GB of 3 GB  850 MiB/s  ETA 0:02</c>.</summary>
    internal string Line(long done, double seconds)
    {
        var inv = CultureInfo.InvariantCulture;
        var rate = seconds > 0 ? done / seconds : 0;
        var text = _total > 0
            ? string.Create(inv, $"{_label}: {100.0 * done / _total,5:F1}%  {HumanBytes.Format(done)} of {HumanBytes.Format(_total)}")
            : $"{_label}: {HumanBytes.Format(done)}";
        text += string.Create(inv, $"  {rate / (1 << 20):F0} MiB/s");
        if (_total > 0 && rate > 0 && done < _total)
        {
            text += "  ETA " + Duration((_total - done) / rate);
        }

        return text;
    }

    private static string Duration(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2));
        return t.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:D2}:{t.Seconds:D2}")
            : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}:{t.Seconds:D2}");
    }

    private void Draw(string text)
    {
        var pad = Math.Max(0, _width - text.Length);
        _error.Write("\r" + text + new string(' ', pad));
        _error.Flush();
        _width = text.Length;
    }
}
