using System.IO.Hashing;
using System.Runtime.Intrinsics.X86;
using ScanImageTiff.Hashing;

namespace ScanImageTiff.Tests.Hashing;

/// <summary>
/// The parallel XXH3-64 pieces against System.IO.Hashing's one-shot <see cref="XxHash3"/> (an independent
/// implementation): block sums made by any kernel, chunks cut anywhere and fed in spans cut anywhere, chained in order,
/// give the one-shot hash for every length, including the edges of the 1024-byte blocks and of the 64-byte last stripe.
/// </summary>
public sealed class Xxh3ChainTests
{
    public static TheoryData<int> Lengths() =>
    [
        241, 255, 256, 511, 1023, 1024, 1025, 1030, 1087, 1088, 1089, 2047, 2048, 2049, 2100, 3072, 3073,
        4096 + 7, 65_536, 65_537, 100_000, (1 << 20) + 13, 3 << 20,
    ];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Chunks_cut_anywhere_give_the_one_shot_hash(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var expected = XxHash3.HashToUInt64(data);
        var random = new Random(length * 31);
        foreach (var cuts in new[] { 1, 2, 3, 7, 40 })
        {
            Assert.Equal(expected, Chain(data, ChunkBounds(random, length, cuts), random));
        }

        // Chunks of exactly one block, and chunks that end one byte either side of each block boundary.
        Assert.Equal(expected, Chain(data, Every(length, 1024), random));
        Assert.Equal(expected, Chain(data, Every(length, 1023), random));
        Assert.Equal(expected, Chain(data, Every(length, 1025), random));
        Assert.Equal(expected, Chain(data, Every(length, 64), random));
    }

    [Fact]
    public void Every_length_from_241_to_3200_in_uneven_chunks()
    {
        var data = new byte[3200];
        new Random(7).NextBytes(data);
        var random = new Random(8);
        for (var length = 241; length <= data.Length; length++)
        {
            var input = data.AsSpan(0, length).ToArray();
            Assert.Equal(XxHash3.HashToUInt64(input), Chain(input, ChunkBounds(random, length, 1 + (length % 5)), random));
        }
    }

    [Fact]
    public unsafe void The_vector_kernels_sum_blocks_as_the_portable_one_does()
    {
        const int blocks = 37;
        var data = new byte[blocks * Xxh3Kernel.BlockBytes];
        new Random(3).NextBytes(data);
        data.AsSpan(0, 2048).Fill(0xFF);
        var expected = new ulong[blocks * Xxh3Kernel.Lanes];
        var actual = new ulong[blocks * Xxh3Kernel.Lanes];
        fixed (byte* p = data)
        fixed (ulong* e = expected)
        fixed (ulong* a = actual)
        {
            Xxh3Kernel.SumBlocksScalar(p, blocks, e);

            // Both with and without the prefetch hints that mapped frames get (they must not change a sum).
            foreach (var ahead in new[] { false, true })
            {
                if (Sse2.IsSupported)
                {
                    actual.AsSpan().Clear();
                    Xxh3Kernel.SumBlocksSse2(p, blocks, a, ahead);
                    Assert.Equal(expected, actual);
                }

                if (Avx2.IsSupported)
                {
                    actual.AsSpan().Clear();
                    Xxh3Kernel.SumBlocksAvx2(p, blocks, a, ahead);
                    Assert.Equal(expected, actual);
                }
            }
        }

        Assert.NotEqual(0UL, expected[^1]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(37)]
    [InlineData(4096)]
    public void The_vector_chain_applies_blocks_as_the_portable_one_does(int blocks)
    {
        var random = new Random(blocks + 11);
        var sums = new ulong[blocks * Xxh3Kernel.Lanes];
        foreach (ref var s in sums.AsSpan())
        {
            s = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
        }

        // Lanes at the edges of the 32 x 32-bit multiplies the vector form is built from.
        if (blocks > 0)
        {
            sums.AsSpan(0, Xxh3Kernel.Lanes).Fill(ulong.MaxValue);
        }

        var expected = new ulong[Xxh3Kernel.Lanes];
        Xxh3Kernel.Initialize(expected);
        var actual = expected.ToArray();
        Xxh3Kernel.ApplyBlocksScalar(expected, sums);
        Xxh3Kernel.ApplyBlocks(actual, sums);
        Assert.Equal(expected, actual);
        if (Avx2.IsSupported)
        {
            Xxh3Kernel.Initialize(actual);
            Xxh3Kernel.ApplyBlocksAvx2(actual, sums);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void A_chain_refuses_short_inputs_and_an_unfinished_input()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Xxh3Chain(240));
        var chain = new Xxh3Chain(5000);
        var part = new Xxh3ChunkSums();
        part.Begin(0, 3000, 5000);
        part.Append(new byte[3000]);
        chain.Add(part);
        Assert.Throws<InvalidOperationException>(() => chain.Finish());
    }

    private static ulong Chain(byte[] data, List<int> bounds, Random random)
    {
        var chain = new Xxh3Chain(data.Length);
        var part = new Xxh3ChunkSums();
        for (var c = 0; c + 1 < bounds.Count; c++)
        {
            var (start, end) = (bounds[c], bounds[c + 1]);
            part.Begin(start, end - start, data.Length);
            var at = start;
            while (at < end)
            {
                // Spans of any size, as frames of a chunk would come.
                var n = Math.Min(end - at, random.Next(1, 3000));
                part.Append(data.AsSpan(at, n));
                at += n;
            }

            chain.Add(part);
        }

        return chain.Finish();
    }

    private static List<int> ChunkBounds(Random random, int length, int chunks)
    {
        var cuts = new SortedSet<int> { 0, length };
        while (cuts.Count < Math.Min(chunks + 1, length + 1))
        {
            cuts.Add(random.Next(1, length));
        }

        return [.. cuts];
    }

    private static List<int> Every(int length, int step)
    {
        var bounds = new List<int>();
        for (var at = 0; at < length; at += step)
        {
            bounds.Add(at);
        }

        bounds.Add(length);
        return bounds;
    }
}
