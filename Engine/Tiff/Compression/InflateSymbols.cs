using System.Runtime.CompilerServices;
using static ScanImageTiff.Tiff.Compression.InflateEntry;

namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// <see cref="ManagedInflater"/>'s symbol loops for one Huffman block: a fast loop without bounds checks while 24
/// input and 280 output bytes remain, then a checked symbol-at-a-time loop for the tails. Both return
/// <see cref="EndOfBlock"/>, <see cref="Corrupt"/> or <see cref="TooLong"/> (the fast one also <see cref="Continue"/>).
/// </summary>
internal static unsafe class InflateSymbols
{
    public const int Continue = 0;
    public const int EndOfBlock = 1;
    public const int Corrupt = -1;
    public const int TooLong = -2;

    private const int FastInputMargin = 24;

    // A fast-loop step writes at most 3 literals, then a match of 258 with a word copy that runs up to 7 bytes past its end.
    private const int FastOutputMargin = 280;

    /// <summary>
    /// The hot loop (libdeflate's shape): while the margins hold, no bounds checks but the distance one. Each entry's
    /// bits are consumed before its kind is tested, and the next litlen entry is looked up before a match is
    /// copied, so table loads overlap the copy and the branches. The bit count keeps garbage above its low byte
    /// (whole entries are subtracted); only its low 6 bits are ever used.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static int DecodeFast(ref InflateBits state, byte* output, ref byte* opRef, byte* outEnd, uint* litLen, uint* distance)
    {
        if (state.End - state.Next < FastInputMargin || outEnd - opRef < FastOutputMargin || state.Overrun != 0)
        {
            return Continue;
        }

        const ulong litMask = (1UL << LitLenMainBits) - 1;
        const ulong distMask = (1UL << DistanceMainBits) - 1;
        var inFastEnd = state.End - FastInputMargin;
        var outFastEnd = outEnd - FastOutputMargin;
        var bitbuf = state.Buffer;
        nint bitsleft = state.Count;
        var inp = state.Next;
        var op = opRef;
        var rc = Continue;
        bitbuf |= Unsafe.ReadUnaligned<ulong>(inp) << (int)bitsleft;
        inp += 7 - ((bitsleft >> 3) & 7);
        bitsleft |= 56;
        var entry = litLen[bitbuf & litMask];
        while (inp < inFastEnd && op < outFastEnd)
        {
            // Here entry is the lookup of the unconsumed bits and at least 11 bits are left: refill to 56.
            bitbuf |= Unsafe.ReadUnaligned<ulong>(inp) << (int)bitsleft;
            inp += 7 - ((bitsleft >> 3) & 7);
            bitsleft |= 56;
            var saved = bitbuf;
            bitbuf >>= (int)entry;
            bitsleft -= (nint)entry;
            if ((entry & Literal) != 0)
            {
                // Up to three literals per refill: 3 x 11 bits, then a length of 20.
                *op++ = (byte)(entry >> 16);
                entry = litLen[bitbuf & litMask];
                saved = bitbuf;
                bitbuf >>= (int)entry;
                bitsleft -= (nint)entry;
                if ((entry & Literal) != 0)
                {
                    *op++ = (byte)(entry >> 16);
                    entry = litLen[bitbuf & litMask];
                    saved = bitbuf;
                    bitbuf >>= (int)entry;
                    bitsleft -= (nint)entry;
                    if ((entry & Literal) != 0)
                    {
                        *op++ = (byte)(entry >> 16);
                        entry = litLen[bitbuf & litMask];
                        continue;
                    }
                }
            }

            if ((entry & (Subtable | Exceptional)) != 0)
            {
                if ((entry & Subtable) != 0)
                {
                    entry = Sub(litLen, entry, bitbuf);
                    saved = bitbuf;
                    bitbuf >>= (int)entry;
                    bitsleft -= (nint)entry;
                    if ((entry & Literal) != 0)
                    {
                        *op++ = (byte)(entry >> 16);
                        entry = litLen[bitbuf & litMask];
                        continue;
                    }
                }

                if ((entry & Exceptional) != 0)
                {
                    rc = entry >> 16 == 0 ? EndOfBlock : Corrupt;
                    break;
                }
            }

            var length = (nint)(entry >> 16) + (nint)(LowBits(saved, entry) >> (int)(entry >> 8));

            // Up to 42 bits are gone; a distance takes up to 28.
            bitbuf |= Unsafe.ReadUnaligned<ulong>(inp) << (int)bitsleft;
            inp += 7 - ((bitsleft >> 3) & 7);
            bitsleft |= 56;
            entry = distance[bitbuf & distMask];
            saved = bitbuf;
            bitbuf >>= (int)entry;
            bitsleft -= (nint)entry;
            if ((entry & (Subtable | Exceptional)) != 0)
            {
                if ((entry & Subtable) != 0)
                {
                    entry = Sub(distance, entry, bitbuf);
                    saved = bitbuf;
                    bitbuf >>= (int)entry;
                    bitsleft -= (nint)entry;
                }

                if ((entry & Exceptional) != 0)
                {
                    rc = Corrupt;
                    break;
                }
            }

            var offset = (nint)(entry >> 16) + (nint)(LowBits(saved, entry) >> (int)(entry >> 8));
            entry = litLen[bitbuf & litMask];
            if (offset > op - output)
            {
                rc = Corrupt;
                break;
            }

            CopyMatchFast(op, offset, length);
            op += length;
        }

        state.Buffer = bitbuf;
        state.Count = (int)(bitsleft & 0xFF);
        state.Next = inp;
        opRef = op;
        return rc;
    }

    /// <summary>The subtable entry a <see cref="InflateEntry.Subtable"/> entry points to, its main bits already consumed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Sub(uint* table, uint entry, ulong bitbuf) =>
        table[(entry >> 16) + (bitbuf & ((1UL << (int)((entry >> 8) & 0xF)) - 1))];

    /// <summary>The low <c>entry &amp; 0xFF</c> bits of <paramref name="value"/> (BZHI reads only those 8 bits of its index).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LowBits(ulong value, uint entry) =>
        System.Runtime.Intrinsics.X86.Bmi2.X64.IsSupported
            ? System.Runtime.Intrinsics.X86.Bmi2.X64.ZeroHighBits(value, entry)
            : value & ((1UL << (int)(entry & 0xFF)) - 1);

    /// <summary>Copies a match with 8-byte words; may write up to 7 bytes past its end (the fast margin).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyMatchFast(byte* dst, nint offset, nint length)
    {
        var src = dst - offset;
        var end = dst + length;
        if (offset >= 8)
        {
            // Most matches in image strips are 3-8 bytes: one word, no loop.
            Unsafe.WriteUnaligned(dst, Unsafe.ReadUnaligned<ulong>(src));
            while (length > 8)
            {
                dst += 8;
                src += 8;
                length -= 8;
                Unsafe.WriteUnaligned(dst, Unsafe.ReadUnaligned<ulong>(src));
            }
        }
        else if (offset == 1)
        {
            var word = *src * 0x0101_0101_0101_0101UL;
            do
            {
                Unsafe.WriteUnaligned(dst, word);
                dst += 8;
            }
            while (dst < end);
        }
        else
        {
            // Each 8-byte word holds `offset` valid bytes (the rest is rewritten by the next step).
            do
            {
                Unsafe.WriteUnaligned(dst, Unsafe.ReadUnaligned<ulong>(src));
                dst += offset;
                src += offset;
            }
            while (dst < end);
        }
    }

    /// <summary>The tails: one symbol per step, every write and read checked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int DecodeSlow(ref InflateBits bits, byte* output, ref byte* opRef, byte* outEnd, uint* litLen, uint* distance)
    {
        var op = opRef;
        const ulong litMask = (1UL << LitLenMainBits) - 1;
        const ulong distMask = (1UL << DistanceMainBits) - 1;
        var rc = Continue;
        while (rc == Continue)
        {
            bits.Ensure(56);
            var entry = litLen[bits.Buffer & litMask];
            if ((entry & Subtable) != 0)
            {
                bits.Drop((int)(entry & 0xFF));
                entry = Sub(litLen, entry, bits.Buffer);
            }

            if ((entry & Literal) != 0)
            {
                if (op == outEnd)
                {
                    rc = TooLong;
                    break;
                }

                *op++ = (byte)(entry >> 16);

                bits.Drop((int)(entry & 0xFF));
                continue;
            }

            if ((entry & Exceptional) != 0)
            {
                bits.Drop((int)(entry & 0xFF));
                rc = entry >> 16 == 0 ? EndOfBlock : Corrupt;
                break;
            }

            var length = (int)(entry >> 16) + (int)((bits.Buffer & ((1UL << (int)(entry & 0xFF)) - 1)) >> (int)((entry >> 8) & 0xF));
            bits.Drop((int)(entry & 0xFF));
            entry = distance[bits.Buffer & distMask];
            if ((entry & Subtable) != 0)
            {
                bits.Drop((int)(entry & 0xFF));
                entry = Sub(distance, entry, bits.Buffer);
            }

            if ((entry & Exceptional) != 0)
            {
                rc = Corrupt;
                break;
            }

            var offset = (int)(entry >> 16) + (int)((bits.Buffer & ((1UL << (int)(entry & 0xFF)) - 1)) >> (int)((entry >> 8) & 0xF));
            bits.Drop((int)(entry & 0xFF));
            if (offset > op - output)
            {
                rc = Corrupt;
                break;
            }

            if (outEnd - op < length)
            {
                rc = TooLong;
                break;
            }

            for (var src = op - offset; length > 0; length--)
            {
                *op++ = *src++;
            }
        }

        opRef = op;
        return rc;
    }
}
