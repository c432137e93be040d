using System.Globalization;

namespace ScanImageTiff.Tests.Support;

/// <summary>The kernel's account of this process's mappings (<c>/proc/self/smaps</c>, Linux): an oracle for memory tests.</summary>
internal static class Smaps
{
    /// <summary>A field (e.g. <c>Rss</c>, <c>THPeligible</c>) of the mapping that holds <paramref name="address"/>, or null when none does.</summary>
    public static string? Field(nuint address, string field)
    {
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var dash = line.IndexOf('-', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash && ulong.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var start)
                && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var end))
            {
                inside = address >= start && address < end;
                continue;
            }

            if (inside && line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return line[(field.Length + 1)..].Trim();
            }
        }

        return null;
    }

    /// <summary>Resident bytes of the mapping that holds <paramref name="address"/> (its <c>Rss</c>).</summary>
    public static long Rss(nuint address)
    {
        var rss = Field(address, "Rss") ?? throw new InvalidOperationException($"no mapping holds 0x{address:x}");
        return long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture) * 1024;
    }
}
