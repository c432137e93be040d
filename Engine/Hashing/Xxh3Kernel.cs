using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ScanImageTiff.Hashing;

/// <summary>
/// The pieces of XXH3-64 (seed 0, default secret) for inputs over 240 bytes, split so that the costly part runs on
/// every core. XXH3 hashes such an input in blocks of 1024 bytes: each block adds to eight 64-bit accumulators a sum of
/// terms that depend only on the block's bytes and the secret, then scrambles the accumulators. The sums of different
/// blocks are independent, so workers compute them (<see cref="SumBlocks"/>) and one thread chains them in order
/// (<see cref="ApplyBlocks"/>, a few nanoseconds per KiB). The last, partial block, the last stripe and the final
/// merge (<see cref="Finish"/>) follow the specification unchanged, so the result is bit for bit the one-shot hash.
/// </summary>
/// <remarks>
/// Source: the XXH3 specification (Cyan4973/xxHash, doc/xxhash_spec.md: "XXH3 Algorithm Overview", long inputs:
/// accumulate, scramble, last stripe at secret offset 121, merge at offset 11, avalanche). The tests compare every
/// path with <c>System.IO.Hashing.XxHash3</c> and the CLI's result with <c>xxhsum -H3</c>.
/// </remarks>
internal static unsafe class Xxh3Kernel
{
    /// <summary>Bytes of one block: 16 stripes of 64 bytes with the 192-byte default secret.</summary>
    public const int BlockBytes = 1024;

    /// <summary>Accumulator lanes; a block's sums are this many 64-bit values.</summary>
    public const int Lanes = 8;

    /// <summary>Longest input the long-input algorithm does not handle (XXH3_MIDSIZE_MAX).</summary>
    public const int MidSizeMax = 240;

    private const int StripeBytes = 64;

    // With `ahead`, each stripe asks for the line this far ahead (a hint: it never faults, and past the input it is
    // ignored). Frames of a ScanImage stack are 8 KiB to 1 MiB runs between IFDs and descriptions, and the hardware
    // prefetcher stops at every 4 KiB page, so without the hint a pass over mapped frames waits on memory at each page.
    // Two threads summing 8 KiB frames 10 680 bytes apart in 1 GiB of memory: 12-14 GB/s without, 16-18.5 GB/s at 512
    // or 1024 bytes ahead, 20.4-21.6 GB/s at 4096 (a scratch loop, three runs).
    private const int PrefetchBytes = 4096;
    private const int StripesPerBlock = BlockBytes / StripeBytes;
    private const int SecretBytes = 192;
    private const int ScrambleOffset = SecretBytes - StripeBytes;
    private const int LastStripeOffset = SecretBytes - StripeBytes - 7;
    private const int MergeOffset = 11;
    private const ulong Prime32x1 = 0x9E3779B1;
    private const ulong Prime32x2 = 0x85EBCA77;
    private const ulong Prime32x3 = 0xC2B2AE3D;
    private const ulong Prime64x1 = 0x9E3779B185EBCA87;
    private const ulong Prime64x2 = 0xC2B2AE3D27D4EB4F;
    private const ulong Prime64x3 = 0x165667B19E3779F9;
    private const ulong Prime64x4 = 0x85EBCA77C2B2AE63;
    private const ulong Prime64x5 = 0x27D4EB2F165667C5;

    /// <summary>The default secret (kSecret) of the specification.</summary>
    private static ReadOnlySpan<byte> Secret =>
    [
        0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
        0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
        0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
        0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e, 0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c,
        0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb, 0x88, 0xd0, 0x65, 0x8b, 0x1b, 0x53, 0x2e, 0xa3,
        0x71, 0x64, 0x48, 0x97, 0xa2, 0x0d, 0xf9, 0x4e, 0x38, 0x19, 0xef, 0x46, 0xa9, 0xde, 0xac, 0xd8,
        0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f, 0xf9, 0xdc, 0xbb, 0xc7, 0xc7, 0x0b, 0x4f, 0x1d,
        0x8a, 0x51, 0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31, 0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78, 0x73, 0x64,
        0xea, 0xc5, 0xac, 0x83, 0x34, 0xd3, 0xeb, 0xc3, 0xc5, 0x81, 0xa0, 0xff, 0xfa, 0x13, 0x63, 0xeb,
        0x17, 0x0d, 0xdd, 0x51, 0xb7, 0xf0, 0xda, 0x49, 0xd3, 0x16, 0x55, 0x26, 0x29, 0xd4, 0x68, 0x9e,
        0x2b, 0x16, 0xbe, 0x58, 0x7d, 0x47, 0xa1, 0xfc, 0x8f, 0xf8, 0xb8, 0xd1, 0x7a, 0xd0, 0x31, 0xce,
        0x45, 0xcb, 0x3a, 0x8f, 0x95, 0x16, 0x04, 0x28, 0xaf, 0xd7, 0xfb, 0xca, 0xbb, 0x4b, 0x40, 0x7e,
    ];

    /// <summary>Full blocks of an input of <paramref name="length"/> (&gt; 240) bytes; the rest is the last segment, 1 to 1024 bytes.</summary>
    public static long FullBlocks(long length) => (length - 1) / BlockBytes;

    /// <summary>The accumulators' starting values.</summary>
    public static void Initialize(Span<ulong> accumulators)
    {
        ReadOnlySpan<ulong> init = [Prime32x3, Prime64x1, Prime64x2, Prime64x3, Prime64x4, Prime32x2, Prime64x5, Prime32x1];
        init.CopyTo(accumulators);
    }

    /// <summary>
    /// For each of <paramref name="blocks"/> 1024-byte blocks at <paramref name="data"/>, the eight lane sums its stripes
    /// add to the accumulators, written to <paramref name="sums"/> (<see cref="Lanes"/> per block). With
    /// <paramref name="ahead"/> (blocks read from memory, such as mapped frames, not just copied into the cache) each
    /// stripe also asks for the line <see cref="PrefetchBytes"/> ahead.
    /// </summary>
    public static void SumBlocks(byte* data, long blocks, ulong* sums, bool ahead = false)
    {
        if (Avx2.IsSupported)
        {
            SumBlocksAvx2(data, blocks, sums, ahead);
        }
        else if (Sse2.IsSupported)
        {
            SumBlocksSse2(data, blocks, sums, ahead);
        }
        else
        {
            SumBlocksScalar(data, blocks, sums);
        }
    }

    /// <summary>
    /// Adds each block's sums to the accumulators and scrambles them, block after block, in order. This is the one part
    /// of a parallel XXH3 that runs on one thread (one block after the other), beside the workers that sum the blocks.
    /// </summary>
    public static void ApplyBlocks(Span<ulong> accumulators, ReadOnlySpan<ulong> sums)
    {
        if (Avx2.IsSupported)
        {
            ApplyBlocksAvx2(accumulators, sums);
        }
        else
        {
            ApplyBlocksScalar(accumulators, sums);
        }
    }

    /// <summary><see cref="ApplyBlocks"/> one lane at a time (the specification's scalar scramble).</summary>
    internal static void ApplyBlocksScalar(Span<ulong> accumulators, ReadOnlySpan<ulong> sums)
    {
        ref var a = ref accumulators[0];
        var s = Secret.Slice(ScrambleOffset, StripeBytes);
        Span<ulong> keys = stackalloc ulong[Lanes];
        for (var i = 0; i < Lanes; i++)
        {
            keys[i] = BinaryPrimitives.ReadUInt64LittleEndian(s[(8 * i)..]);
        }

        for (var b = 0; b + Lanes <= sums.Length; b += Lanes)
        {
            for (var i = 0; i < Lanes; i++)
            {
                var x = Unsafe.Add(ref a, i) + sums[b + i];
                x ^= x >> 47;
                x ^= keys[i];
                Unsafe.Add(ref a, i) = x * Prime32x1;
            }
        }
    }

    /// <summary>
    /// <see cref="ApplyBlocks"/> with the eight accumulators in two 256-bit registers for the whole run (the scalar loop
    /// loads and stores them every block): the 0.8 million blocks of a 0.8 GB stack in 3.7 ms instead of 7.2 ms
    /// (BenchmarkDotNet <c>Xxh3ChainApply</c>), on the calling thread, which on two cores shares a core with the workers.
    /// </summary>
    internal static void ApplyBlocksAvx2(Span<ulong> accumulators, ReadOnlySpan<ulong> sums)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(accumulators.Length, Lanes);
        var blocks = sums.Length / Lanes;
        fixed (ulong* acc = accumulators)
        fixed (ulong* first = sums)
        fixed (byte* secret = Secret)
        {
            var k0 = Avx.LoadVector256((ulong*)(secret + ScrambleOffset));
            var k1 = Avx.LoadVector256((ulong*)(secret + ScrambleOffset + 32));
            var prime = Vector256.Create(Prime32x1).AsUInt32();
            var a0 = Avx.LoadVector256(acc);
            var a1 = Avx.LoadVector256(acc + 4);
            var p = first;
            for (var b = 0; b < blocks; b++, p += Lanes)
            {
                a0 = Scramble256(Avx2.Add(a0, Avx.LoadVector256(p)), k0, prime);
                a1 = Scramble256(Avx2.Add(a1, Avx.LoadVector256(p + 4)), k1, prime);
            }

            Avx.Store(acc, a0);
            Avx.Store(acc + 4, a1);
        }
    }

    /// <summary>
    /// The hash of an input of <paramref name="length"/> (&gt; 240) bytes whose full blocks are already applied to
    /// <paramref name="accumulators"/>: <paramref name="lastSegment"/> is its last 1 to 1024 bytes (from block
    /// <see cref="FullBlocks"/> on) and <paramref name="lastStripe"/> its last 64 bytes.
    /// </summary>
    public static ulong Finish(Span<ulong> accumulators, ReadOnlySpan<byte> lastSegment, ReadOnlySpan<byte> lastStripe, long length)
    {
        var secret = Secret;
        var stripes = (lastSegment.Length - 1) / StripeBytes;
        for (var n = 0; n < stripes; n++)
        {
            Accumulate512(accumulators, lastSegment.Slice(n * StripeBytes, StripeBytes), secret[(n * 8)..]);
        }

        Accumulate512(accumulators, lastStripe[..StripeBytes], secret[LastStripeOffset..]);
        var result = unchecked((ulong)length * Prime64x1);
        for (var i = 0; i < 4; i++)
        {
            var k = secret[(MergeOffset + (16 * i))..];
            var hi = Math.BigMul(
                accumulators[2 * i] ^ BinaryPrimitives.ReadUInt64LittleEndian(k),
                accumulators[(2 * i) + 1] ^ BinaryPrimitives.ReadUInt64LittleEndian(k[8..]),
                out var lo);
            result += hi ^ lo;
        }

        result ^= result >> 37;
        result *= 0x165667919E3779F9;
        return result ^ (result >> 32);
    }

    /// <summary>The portable form of <see cref="SumBlocks"/> (also the tests' reference for the vector forms).</summary>
    internal static void SumBlocksScalar(byte* data, long blocks, ulong* sums)
    {
        fixed (byte* secret = Secret)
        {
            for (long b = 0; b < blocks; b++, data += BlockBytes, sums += Lanes)
            {
                new Span<ulong>(sums, Lanes).Clear();
                for (var n = 0; n < StripesPerBlock; n++)
                {
                    var p = data + (n * StripeBytes);
                    var k = secret + (n * 8);
                    for (var i = 0; i < Lanes; i++)
                    {
                        var value = BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(p + (8 * i), 8));
                        var key = value ^ BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(k + (8 * i), 8));
                        sums[i ^ 1] += value;
                        sums[i] += (key & 0xFFFFFFFF) * (key >> 32);
                    }
                }
            }
        }
    }

    /// <summary><see cref="SumBlocks"/> with 256-bit vectors: two per stripe (the specification's AVX2 form).</summary>
    internal static void SumBlocksAvx2(byte* data, long blocks, ulong* sums, bool ahead = false)
    {
        fixed (byte* secret = Secret)
        {
            for (long b = 0; b < blocks; b++, data += BlockBytes, sums += Lanes)
            {
                var a0 = Vector256<ulong>.Zero;
                var a1 = Vector256<ulong>.Zero;
                for (var n = 0; n < StripesPerBlock; n++)
                {
                    var p = data + (n * StripeBytes);
                    var k = secret + (n * 8);
                    if (ahead)
                    {
                        Sse.Prefetch0(p + PrefetchBytes);
                    }

                    a0 = Avx2.Add(a0, Stripe256(Avx.LoadVector256((uint*)p), Avx.LoadVector256((uint*)k)));
                    a1 = Avx2.Add(a1, Stripe256(Avx.LoadVector256((uint*)(p + 32)), Avx.LoadVector256((uint*)(k + 32))));
                }

                Avx.Store(sums, a0);
                Avx.Store(sums + 4, a1);
            }
        }
    }

    /// <summary>
    /// The scramble of four lanes: (x ^ x &gt;&gt; 47 ^ key) * PRIME32_1 mod 2^64, the product made of two 32 x 32-bit
    /// multiplies as the specification's AVX2 form does ((lo * P) + ((hi * P) &lt;&lt; 32); P is under 2^32).
    /// </summary>
    private static Vector256<ulong> Scramble256(Vector256<ulong> acc, Vector256<ulong> key, Vector256<uint> prime)
    {
        var x = Avx2.Xor(Avx2.Xor(acc, Avx2.ShiftRightLogical(acc, 47)), key);
        var low = Avx2.Multiply(x.AsUInt32(), prime);
        var high = Avx2.Multiply(Avx2.ShiftRightLogical(x, 32).AsUInt32(), prime);
        return Avx2.Add(low, Avx2.ShiftLeftLogical(high, 32));
    }

    /// <summary><see cref="SumBlocks"/> with 128-bit vectors: four per stripe.</summary>
    internal static void SumBlocksSse2(byte* data, long blocks, ulong* sums, bool ahead = false)
    {
        fixed (byte* secret = Secret)
        {
            for (long b = 0; b < blocks; b++, data += BlockBytes, sums += Lanes)
            {
                var a0 = Vector128<ulong>.Zero;
                var a1 = Vector128<ulong>.Zero;
                var a2 = Vector128<ulong>.Zero;
                var a3 = Vector128<ulong>.Zero;
                for (var n = 0; n < StripesPerBlock; n++)
                {
                    var p = (uint*)(data + (n * StripeBytes));
                    var k = (uint*)(secret + (n * 8));
                    if (ahead)
                    {
                        Sse.Prefetch0((byte*)p + PrefetchBytes);
                    }

                    a0 = Sse2.Add(a0, Stripe128(Sse2.LoadVector128(p), Sse2.LoadVector128(k)));
                    a1 = Sse2.Add(a1, Stripe128(Sse2.LoadVector128(p + 4), Sse2.LoadVector128(k + 4)));
                    a2 = Sse2.Add(a2, Stripe128(Sse2.LoadVector128(p + 8), Sse2.LoadVector128(k + 8)));
                    a3 = Sse2.Add(a3, Stripe128(Sse2.LoadVector128(p + 12), Sse2.LoadVector128(k + 12)));
                }

                Sse2.Store(sums, a0);
                Sse2.Store(sums + 2, a1);
                Sse2.Store(sums + 4, a2);
                Sse2.Store(sums + 6, a3);
            }
        }
    }

    // One stripe's terms for four lanes: lane i gets lo32(d ^ k) * hi32(d ^ k) of its own value plus the value of lane i ^ 1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Stripe256(Vector256<uint> value, Vector256<uint> key)
    {
        var mixed = Avx2.Xor(value, key);
        var product = Avx2.Multiply(mixed, Avx2.Shuffle(mixed, 0x31));
        return Avx2.Add(product, Avx2.Shuffle(value, 0x4E).AsUInt64());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Stripe128(Vector128<uint> value, Vector128<uint> key)
    {
        var mixed = Sse2.Xor(value, key);
        var product = Sse2.Multiply(mixed, Sse2.Shuffle(mixed, 0x31));
        return Sse2.Add(product, Sse2.Shuffle(value, 0x4E).AsUInt64());
    }

    private static void Accumulate512(Span<ulong> accumulators, ReadOnlySpan<byte> stripe, ReadOnlySpan<byte> key)
    {
        for (var i = 0; i < Lanes; i++)
        {
            var value = BinaryPrimitives.ReadUInt64LittleEndian(stripe[(8 * i)..]);
            var mixed = value ^ BinaryPrimitives.ReadUInt64LittleEndian(key[(8 * i)..]);
            accumulators[i ^ 1] += value;
            accumulators[i] += (mixed & 0xFFFFFFFF) * (mixed >> 32);
        }
    }
}
