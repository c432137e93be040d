namespace ScanImageTiff.Fuzz;

/// <summary>
/// Shrinks a failing input while it keeps failing the same way (same <see cref="Finding.Kind"/>): first the
/// tail is cut, then ever smaller blocks are zeroed. Bounded by a time budget.
/// </summary>
public static class Minimizer
{
    public static byte[] Minimize(byte[] input, string kind, string path, TimeSpan budget)
    {
        var deadline = DateTime.UtcNow + budget;
        var best = input;
        bool StillFails(byte[] candidate)
        {
            File.WriteAllBytes(path, candidate);
            return FuzzTarget.Run(path)?.Kind == kind;
        }

        // Cut the tail: binary search for the shortest prefix that still fails.
        int low = 0, high = best.Length;
        while (low < high && DateTime.UtcNow < deadline)
        {
            var mid = (low + high) / 2;
            if (StillFails(best[..mid]))
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        if (high < best.Length && StillFails(best[..high]))
        {
            best = best[..high];
        }

        // Zero blocks that do not matter (zeros compress and read as "nothing here" in a hex dump).
        for (var block = Math.Max(1, best.Length / 8); block >= 1 && DateTime.UtcNow < deadline; block /= 2)
        {
            for (var at = 0; at < best.Length && DateTime.UtcNow < deadline; at += block)
            {
                var n = Math.Min(block, best.Length - at);
                if (best.AsSpan(at, n).IndexOfAnyExcept((byte)0) < 0)
                {
                    continue;
                }

                var candidate = (byte[])best.Clone();
                Array.Clear(candidate, at, n);
                if (StillFails(candidate))
                {
                    best = candidate;
                }
            }
        }

        File.WriteAllBytes(path, best);
        return best;
    }
}
