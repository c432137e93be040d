using System.Numerics;
using System.Runtime.InteropServices;

namespace ScanImageTiff.Benchmarks.Support;

/// <summary>
/// The vectorised sum both sides of a zero-copy comparison run, so the benchmark measures how the pixels
/// are reached, not how they are added. Vector&lt;short&gt; is widened to two Vector&lt;int&gt; accumulators,
/// which are folded into Vector&lt;long&gt; before any int lane can overflow.
/// </summary>
public static class PixelSum
{
    // Each step adds at most 2 × 32 768 to an int lane; 16 384 steps stay below 2^31.
    private const int StepsPerFold = 16_384;

    /// <summary>Sum of <paramref name="values"/> (exact, as long).</summary>
    /// <param name="values">The samples.</param>
    public static long Sum(ReadOnlySpan<short> values)
    {
        ref var start = ref MemoryMarshal.GetReference(values);
        var vectors = Vector.IsHardwareAccelerated ? values.Length / Vector<short>.Count : 0;
        var wide = Vector<long>.Zero;
        nuint at = 0;
        var done = 0;
        while (done < vectors)
        {
            var steps = Math.Min(StepsPerFold, vectors - done);
            var acc0 = Vector<int>.Zero;
            var acc1 = Vector<int>.Zero;
            for (var s = 0; s < steps; s++)
            {
                Vector.Widen(Vector.LoadUnsafe(ref start, at), out var low, out var high);
                acc0 += low;
                acc1 += high;
                at += (nuint)Vector<short>.Count;
            }

            Vector.Widen(acc0, out var l0, out var h0);
            Vector.Widen(acc1, out var l1, out var h1);
            wide += l0 + h0 + l1 + h1;
            done += steps;
        }

        var total = Vector.Sum(wide);
        for (var i = (int)at; i < values.Length; i++)
        {
            total += values[i];
        }

        return total;
    }

    /// <summary>Sum of <paramref name="frames"/> consecutive frames of <paramref name="elementsPerFrame"/> samples at <paramref name="pointer"/>.</summary>
    /// <param name="pointer">First sample.</param>
    /// <param name="frames">Number of frames.</param>
    /// <param name="elementsPerFrame">Samples per frame.</param>
    public static unsafe long Sum(short* pointer, long frames, int elementsPerFrame)
    {
        long total = 0;
        for (long f = 0; f < frames; f++)
        {
            total += Sum(new ReadOnlySpan<short>(pointer + (f * elementsPerFrame), elementsPerFrame));
        }

        return total;
    }
}
