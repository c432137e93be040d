using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// Adler-32 (RFC 1950 8.2), 32 bytes per step with AVX2 (zlib-ng's scheme): byte sums by SAD against zero, the
/// position-weighted sums by multiply-add against 32..1, and the running s1 folded in once per chunk; reduced
/// modulo 65521 every NMAX bytes, as zlib does. Scalar elsewhere.
/// </summary>
internal static unsafe class Adler32
{
    private const uint Base = 65521;

    // The most bytes before s2 can overflow 32 bits (zlib's NMAX), rounded down to whole 32-byte steps.
    private const int Nmax = 5552;
    private const int VectorChunk = 5536;

    /// <summary>The Adler-32 of <paramref name="length"/> bytes at <paramref name="data"/>, starting from 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static uint Compute(byte* data, int length)
    {
        uint s1 = 1;
        uint s2 = 0;
        if (Avx2.IsSupported)
        {
            var weights = Vector256.Create(
                (sbyte)32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
            var ones = Vector256.Create((short)1);
            while (length >= 32)
            {
                var chunk = Math.Min(length, VectorChunk) & ~31;
                var sums = Vector256<uint>.Zero;
                var prefix = Vector256<uint>.Zero;
                var weighted = Vector256<int>.Zero;
                var end = data + chunk;
                for (var p = data; p < end; p += 32)
                {
                    var v = Avx.LoadVector256(p);
                    prefix += sums;
                    sums += Avx2.SumAbsoluteDifferences(v, Vector256<byte>.Zero).AsUInt32();
                    weighted += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(v, weights), ones);
                }

                s2 += (s1 * (uint)chunk) + (Vector256.Sum(prefix) << 5) + (uint)Vector256.Sum(weighted);
                s1 += Vector256.Sum(sums);
                s1 %= Base;
                s2 %= Base;
                data = end;
                length -= chunk;
            }
        }

        while (length > 0)
        {
            var n = Math.Min(length, Nmax);
            length -= n;
            for (var end = data + n; data < end; data++)
            {
                s1 += *data;
                s2 += s1;
            }

            s1 %= Base;
            s2 %= Base;
        }

        return (s2 << 16) | s1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            return Compute(p, data.Length);
        }
    }
}
