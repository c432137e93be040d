using System.Globalization;

namespace ScanImageTiff.Cli.Input;

/// <summary>
/// A <c>--frames</c> value: a half-open range of global IFD indices <c>A:B</c> with Python slice
/// rules (either end may be omitted, negative counts from the end, out-of-range ends are clamped),
/// or a single index <c>N</c> (which must exist).
/// </summary>
internal readonly record struct FrameRange(int? Start, int? End, bool Single)
{
    /// <summary>Every frame.</summary>
    public static FrameRange All => new(null, null, false);

    public static FrameRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            var n = ParseIndex(text, text);
            return new FrameRange(n, null, true);
        }

        var a = text[..colon].Trim();
        var b = text[(colon + 1)..].Trim();
        return new FrameRange(a.Length == 0 ? null : ParseIndex(a, text), b.Length == 0 ? null : ParseIndex(b, text), false);
    }

    /// <summary>The range as [start, end) within <paramref name="count"/> frames (possibly empty).</summary>
    public (int Start, int End) Resolve(int count)
    {
        if (Single)
        {
            var i = Start!.Value < 0 ? Start.Value + count : Start.Value;
            if (i < 0 || i >= count)
            {
                throw new CliUsageException($"--frames {Start}: there are {count} frames (0..{count - 1})");
            }

            return (i, i + 1);
        }

        var start = Clamp(Start ?? 0, count);
        var end = Clamp(End ?? count, count);
        return (start, Math.Max(start, end));
    }

    /// <summary>True when a negative index makes the range depend on the final frame count (not usable while following a growing file).</summary>
    public bool CountsFromEnd => Start < 0 || End < 0;

    public override string ToString() =>
        Single ? $"{Start}" : $"{Start?.ToString(CultureInfo.InvariantCulture)}:{End?.ToString(CultureInfo.InvariantCulture)}";

    private static int Clamp(int index, int count)
    {
        if (index < 0)
        {
            index += count;
        }

        return Math.Clamp(index, 0, count);
    }

    private static int ParseIndex(string part, string whole) =>
        int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new CliUsageException($"--frames '{whole}': expected A:B (half-open, either end optional, negative from the end) or a single index");
}
