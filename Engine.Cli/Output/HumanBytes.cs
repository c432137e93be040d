using System.Globalization;

namespace ScanImageTiff.Cli.Output;

/// <summary>
/// Byte counts the way ScanImageTiffReader's <c>image bytes</c> prints them: 1024-based units, up to
/// 6 significant digits, no unit below 1 kB (<c>135</c>, <c>240 kB</c>, <c>70.3125 kB</c>, <c>7.76253 MB</c>).
/// </summary>
internal static class HumanBytes
{
    private static readonly string[] s_units = ["", " kB", " MB", " GB", " TB", " PB", " EB"];

    public static string Format(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < s_units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        // C++ ostream default precision is 6 significant digits, %g style: G6 matches it for these magnitudes.
        return value.ToString("G6", CultureInfo.InvariantCulture) + s_units[unit];
    }
}
