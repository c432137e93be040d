using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// <see cref="ManagedInflater"/>'s bit reader outside its fast loop: a 64-bit buffer filled a byte at a time,
/// never reading past <see cref="End"/>. Past the end it feeds zero bytes and counts them in
/// <see cref="Overrun"/>, so a decode near the end needs no length checks per symbol; whether any of those zero
/// bits were consumed is checked once per block. Bits above <see cref="Count"/> are either zero or the bytes at
/// <see cref="Next"/> (the fast loop's 8-byte loads leave them so), which is why filling ORs.
/// </summary>
internal unsafe struct InflateBits
{
    public ulong Buffer;
    public int Count;
    public byte* Next;
    public byte* End;
    public int Overrun;

    /// <summary>Whether bits past the end of the input have been consumed (the stream is cut off).</summary>
    public readonly bool PastEnd => Overrun * 8 > Count;

    /// <summary>Makes at least <paramref name="bits"/> (at most 56) bits available.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Ensure(int bits)
    {
        while (Count < bits)
        {
            if (Next < End)
            {
                Buffer |= (ulong)*Next++ << Count;
            }
            else if (++Overrun > 8)
            {
                // More than a whole buffer of zeros past the end: the consumed bits already include some.
                ThrowCutOff();
            }

            Count += 8;
        }
    }

    /// <summary>Makes at least 56 bits available: one 8-byte load while 8 bytes remain, else <see cref="Ensure"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Refill()
    {
        if (End - Next >= 8)
        {
            Buffer |= Unsafe.ReadUnaligned<ulong>(Next) << Count;
            Next += (63 - Count) >> 3;
            Count |= 56;
        }
        else
        {
            Ensure(56);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Drop(int bits)
    {
        Buffer >>= bits;
        Count -= bits;
    }

    /// <summary>Reads <paramref name="bits"/> (at most 32) bits, least significant first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Read(int bits)
    {
        Ensure(bits);
        var value = (uint)(Buffer & ((1UL << bits) - 1));
        Drop(bits);
        return value;
    }

    /// <summary>Drops the bits up to the next byte boundary and returns the index of the next unread byte.</summary>
    public long AlignToByte(byte* start)
    {
        Drop(Count & 7);
        return Next - start + Overrun - (Count >> 3);
    }

    /// <summary>Restarts reading at byte <paramref name="next"/>, bits cleared.</summary>
    public void Restart(byte* next)
    {
        Buffer = 0;
        Count = 0;
        Overrun = 0;
        Next = next;
    }

    [DoesNotReturn]
    public static void ThrowCutOff() => throw new InvalidDataException("Deflate stream is corrupt: cut off before its end");
}
