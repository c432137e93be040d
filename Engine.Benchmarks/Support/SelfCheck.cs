using System.Globalization;

namespace ScanImageTiff.Benchmarks.Support;

/// <summary>Checks run once in [GlobalSetup]: a benchmark whose result is wrong must not report a time.</summary>
public static class SelfCheck
{
    /// <summary>Throws unless <paramref name="actual"/> equals <paramref name="expected"/>.</summary>
    /// <typeparam name="T">Value type.</typeparam>
    /// <param name="what">What was compared (names the benchmark and input).</param>
    /// <param name="expected">The value from the generator or the baseline.</param>
    /// <param name="actual">The value the benchmarked code produced.</param>
    public static void Equal<T>(string what, T expected, T actual)
        where T : IEquatable<T>
    {
        if (!expected.Equals(actual))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"benchmark self-check failed: {what}: expected {expected}, got {actual}"));
        }
    }

    /// <summary>Throws unless <paramref name="condition"/> holds.</summary>
    /// <param name="what">What was checked.</param>
    /// <param name="condition">The condition.</param>
    public static void True(string what, bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"benchmark self-check failed: {what}");
        }
    }
}
