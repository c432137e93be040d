using BenchmarkDotNet.Attributes;
using ScanImageTiff.Benchmarks.Inputs;
using ScanImageTiff.Benchmarks.Reporting;
using ScanImageTiff.Benchmarks.Support;
using ScanImageTiff.Hashing;

namespace ScanImageTiff.Benchmarks.Suites;

/// <summary>
/// The one serial step of the parallel XXH3 checksum: applying every 1 KiB block's lane sums to the accumulators, in
/// order, for a stack's worth of blocks (the calling thread does this while the workers sum the blocks; on two cores it
/// shares a core with them). Baseline: the scalar loop. Engine: <see cref="Xxh3Kernel.ApplyBlocks"/> (AVX2 where
/// present). Both give the same accumulators (checked).
/// </summary>
[MemoryDiagnoser]
public class Xxh3ChainApply : IDescribesWorkload
{
    private ulong[] _sums = [];
    private readonly ulong[] _accumulators = new ulong[Xxh3Kernel.Lanes];

    /// <summary>The stack whose pixel bytes set the number of blocks.</summary>
    [Params(InputKind.C100kSmall)]
    public InputKind Input { get; set; }

    /// <inheritdoc/>
    public static Workload Describe(InputKind input) => new(InputCatalog.Get(input).Frames, InputCatalog.Get(input).PixelBytes);

    /// <summary>Random lane sums for every block of the input's pixels; checks both loops agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var blocks = InputCatalog.Get(Input).PixelBytes / Xxh3Kernel.BlockBytes;
        _sums = new ulong[blocks * Xxh3Kernel.Lanes];
        var random = new Random(7);
        foreach (ref var s in _sums.AsSpan())
        {
            s = (ulong)random.NextInt64();
        }

        SelfCheck.Equal($"{nameof(Xxh3ChainApply)} {Input}", (long)Scalar(), (long)Engine());
    }

    /// <summary>Baseline: one lane at a time, the accumulators loaded and stored every block.</summary>
    [Benchmark(Baseline = true)]
    public ulong Scalar()
    {
        Xxh3Kernel.Initialize(_accumulators);
        Xxh3Kernel.ApplyBlocksScalar(_accumulators, _sums);
        return _accumulators[0] ^ _accumulators[7];
    }

    /// <summary>Engine: what the checksum's chain runs.</summary>
    [Benchmark]
    public ulong Engine()
    {
        Xxh3Kernel.Initialize(_accumulators);
        Xxh3Kernel.ApplyBlocks(_accumulators, _sums);
        return _accumulators[0] ^ _accumulators[7];
    }
}
