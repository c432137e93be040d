namespace ScanImageTiff.Cli.Sample;

/// <summary>
/// A tiny seeded generator (SplitMix64) with a fixed, documented algorithm, so the bundled sample is
/// byte-identical on every machine and runtime (System.Random's seeded sequence is not a contract).
/// </summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1), exact (53 random bits).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Roughly normal with mean 0 and standard deviation 1 (sum of four uniforms), using exact arithmetic only.</summary>
    public double NextNormal() => (NextDouble() + NextDouble() + NextDouble() + NextDouble() - 2.0) * 1.7320508075688772;
}
