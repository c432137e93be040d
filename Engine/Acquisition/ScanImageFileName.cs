using System.Globalization;
using System.Text.RegularExpressions;

namespace ScanImageTiff.Acquisition;

/// <summary>
/// ScanImage's file naming, <c>&lt;stem&gt;_&lt;acq:05d&gt;_&lt;fileIdx:05d&gt;[_chn&lt;N&gt;].tif</c>: the one rule that
/// finding an acquisition's files and following one into its next file share.
/// </summary>
/// <param name="Prefix"><c>&lt;stem&gt;_&lt;acq&gt;_</c>.</param>
/// <param name="Index">The file index.</param>
/// <param name="IndexDigits">Digits of the file index as written (at least 5).</param>
/// <param name="Suffix">What follows the index: an optional <c>_chnN</c> and the extension.</param>
internal sealed partial record ScanImageFileName(string Prefix, long Index, int IndexDigits, string Suffix)
{
    /// <summary>Splits a file name (no directory); false for names that are not ScanImage's.</summary>
    public static bool TryParse(string name, [NotNullWhen(true)] out ScanImageFileName? parsed)
    {
        var match = Pattern().Match(name);
        if (!match.Success)
        {
            parsed = null;
            return false;
        }

        var index = match.Groups["idx"];
        parsed = new ScanImageFileName(
            match.Groups["prefix"].Value,
            long.Parse(index.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture),
            index.Length,
            match.Groups["suffix"].Value);
        return true;
    }

    /// <summary>The name of file <paramref name="index"/> of the same acquisition.</summary>
    public string WithIndex(long index) =>
        string.Concat(Prefix, index.ToString(CultureInfo.InvariantCulture).PadLeft(5, '0'), Suffix);

    /// <summary>True when <paramref name="other"/> names a file of the same acquisition (same stem, acquisition, channel suffix and extension).</summary>
    public bool IsSiblingOf(ScanImageFileName other) =>
        string.Equals(Prefix, other.Prefix, StringComparison.Ordinal) && string.Equals(Suffix, other.Suffix, StringComparison.Ordinal);

    [GeneratedRegex(@"^(?<prefix>.*_\d{5}_)(?<idx>\d{5,9})(?<suffix>(?:_chn\d+)?\.tiff?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
