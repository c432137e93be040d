using System.Diagnostics;
using System.Globalization;

namespace ScanImageTiff.Cli.Output;

/// <summary>
/// A progress line on stderr for long exports and benches, redrawn at most 5 times a second; only
/// when stderr is a terminal (never into pipes, logs or captured test output).
/// </summary>
internal sealed class Progress
{
    private readonly TextWriter _error;
    private readonly string _label;
    private readonly long _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDraw = long.MinValue;
    private bool _drawn;

    private Progress(TextWriter error, string label, long total)
    {
        _error = error;
        _label = label;
        _total = total;
    }

    /// <summary>A progress line, or null when progress must not be drawn.</summary>
    public static Progress? Start(CliContext context, string label, long total) =>
        context.ShowProgress ? new Progress(context.Error, label, total) : null;

    public void Report(long done)
    {
        var now = _clock.ElapsedMilliseconds;
        if (now - _lastDraw < 200 && done < _total)
        {
            return;
        }

        _lastDraw = now;
        var percent = _total > 0 ? 100.0 * done / _total : 100.0;
        var rate = now > 0 ? done / (now / 1000.0) / (1 << 20) : 0;
        _error.Write(string.Create(CultureInfo.InvariantCulture, $"\r{_label}: {percent,5:F1}%  {HumanBytes.Format(done)} of {HumanBytes.Format(_total)}  {rate:F0} MiB/s   "));
        _drawn = true;
    }

    public void Status(string text)
    {
        _error.Write("\r" + _label + ": " + text + "        ");
        _drawn = true;
    }

    /// <summary>Clears the line.</summary>
    public void Done()
    {
        if (_drawn)
        {
            _error.Write("\r" + new string(' ', 78) + "\r");
        }
    }
}
