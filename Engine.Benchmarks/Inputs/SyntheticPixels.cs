namespace ScanImageTiff.Benchmarks.Inputs;

/// <summary>
/// Deterministic pixel content of every input, so each benchmark can check what a reader returned against
/// values that do not come from any reader. Frame k is pool pattern k mod 7 with its first sample replaced
/// by (short)k: a reader that returns the wrong frame, or a shifted one, changes the sums.
/// </summary>
public sealed class SyntheticPixels
{
    private const int PoolSize = 7;
    private readonly short[][] _pool = new short[PoolSize][];
    private readonly long[] _poolSums = new long[PoolSize];

    /// <summary>Builds the patterns for frames of <paramref name="elementsPerFrame"/> samples.</summary>
    /// <param name="elementsPerFrame">Samples per frame.</param>
    public SyntheticPixels(int elementsPerFrame)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(elementsPerFrame, 2);
        ElementsPerFrame = elementsPerFrame;

        // Fixed seed: the same file name must always mean the same bytes. Values look like a PMT
        // signal with an offset (mostly small, some negative, a few bright) rather than white noise.
        var random = new Random(20_251_125);
        for (var p = 0; p < PoolSize; p++)
        {
            var frame = new short[elementsPerFrame];
            for (var i = 0; i < frame.Length; i++)
            {
#pragma warning disable CA5394 // Not security-relevant: reproducible test content.
                frame[i] = (short)(random.Next(-300, 1200) + (random.Next(16) == 0 ? random.Next(8000) : 0));
#pragma warning restore CA5394
            }

            _pool[p] = frame;
            long sum = 0;
            foreach (var v in frame)
            {
                sum += v;
            }

            _poolSums[p] = sum;
        }
    }

    /// <summary>Samples per frame.</summary>
    public int ElementsPerFrame { get; }

    /// <summary>The first sample of frame <paramref name="frame"/>: its index, truncated to 16 bits.</summary>
    /// <param name="frame">0-based frame index.</param>
    public static short FirstSample(int frame) => unchecked((short)frame);

    /// <summary>The last sample of frame <paramref name="frame"/>.</summary>
    /// <param name="frame">0-based frame index.</param>
    public short LastSample(int frame) => _pool[frame % PoolSize][^1];

    /// <summary>Writes frame <paramref name="frame"/>'s samples.</summary>
    /// <param name="frame">0-based frame index.</param>
    /// <param name="destination">At least <see cref="ElementsPerFrame"/> samples.</param>
    public void Fill(int frame, Span<short> destination)
    {
        _pool[frame % PoolSize].CopyTo(destination);
        destination[0] = FirstSample(frame);
    }

    /// <summary>Sum of every sample of frames [start, end).</summary>
    /// <param name="start">First frame.</param>
    /// <param name="end">One past the last frame.</param>
    public long Sum(int start, int end)
    {
        long total = 0;
        for (var k = start; k < end; k++)
        {
            var p = k % PoolSize;
            total += _poolSums[p] - _pool[p][0] + FirstSample(k);
        }

        return total;
    }

    /// <summary>The value <see cref="Support.Checksum.FirstAndLast(ReadOnlySpan{short}, int)"/> must return for frames [start, end).</summary>
    /// <param name="start">First frame.</param>
    /// <param name="end">One past the last frame.</param>
    public long FirstAndLastSum(int start, int end)
    {
        long total = 0;
        for (var k = start; k < end; k++)
        {
            total += FirstSample(k) + LastSample(k);
        }

        return total;
    }
}
