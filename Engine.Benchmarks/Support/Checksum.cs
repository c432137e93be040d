namespace ScanImageTiff.Benchmarks.Support;

/// <summary>
/// A cheap value a copy benchmark returns so its work cannot be dropped: the first and last sample of every
/// frame. It touches two cache lines per frame, a rounding error next to copying the frame, yet catches a
/// reader that put frames in the wrong place (checked against <see cref="Inputs.SyntheticPixels.FirstAndLastSum"/>).
/// </summary>
public static class Checksum
{
    /// <summary>First + last sample of each frame in <paramref name="frames"/>.</summary>
    /// <param name="frames">Consecutive frames.</param>
    /// <param name="elementsPerFrame">Samples per frame.</param>
    public static long FirstAndLast(ReadOnlySpan<short> frames, int elementsPerFrame)
    {
        long total = 0;
        for (var at = 0; at + elementsPerFrame <= frames.Length; at += elementsPerFrame)
        {
            total += frames[at] + frames[at + elementsPerFrame - 1];
        }

        return total;
    }

    /// <summary>First + last sample of each of <paramref name="frames"/> frames at <paramref name="pointer"/>.</summary>
    /// <param name="pointer">First sample.</param>
    /// <param name="frames">Number of frames.</param>
    /// <param name="elementsPerFrame">Samples per frame.</param>
    public static unsafe long FirstAndLast(short* pointer, long frames, int elementsPerFrame)
    {
        long total = 0;
        for (long f = 0; f < frames; f++)
        {
            var frame = pointer + (f * elementsPerFrame);
            total += frame[0] + frame[elementsPerFrame - 1];
        }

        return total;
    }
}
