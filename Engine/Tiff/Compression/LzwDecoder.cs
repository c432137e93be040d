using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// LZW (Compression = 5), TIFF 6.0 section 13, with libtiff's reading of it (tif_lzw.c):
/// <list type="bullet">
/// <item>Codes are 9 to 12 bits, MSB first. Code 256 clears the table, 257 ends the strip, new entries start at 258.</item>
/// <item>The code width grows one code early ("early change", what every TIFF writer since Aldus does): after an
/// entry is added, the next code is one bit wider once the next free entry is 2^n − 1 (libtiff's maxcodep =
/// nbitsmask − 1).</item>
/// <item>Old-style ("compat") strips of pre-5.0 libtiff start with the bytes 00 01 (a Clear code read LSB first):
/// codes are LSB first and the width grows only when the next free entry reaches 2^n.</item>
/// <item>A strip may end without an EOI code (libtiff warns and stops); a full table (4096 entries) stops
/// growing until the next Clear instead of failing.</item>
/// </list>
/// Every string is a copy of bytes already written to the destination (an entry is the previous string plus
/// the first byte of the current one, which directly follows it), so the table holds (offset, length) into the
/// output and decoding a code is one bounded memmove instead of a walk down a linked list.
/// </summary>
internal sealed class LzwDecoder : IStripDecoder
{
    private const int Clear = 256;
    private const int EndOfInformation = 257;
    private const int FirstFree = 258;
    private const int TableSize = 4096;
    private const int MinBits = 9;
    private const int MaxBits = 12;

    private readonly int[] _offset = new int[TableSize];
    private readonly int[] _length = new int[TableSize];

    public void Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        // libtiff LZWPreDecode: "Check for old bit-reversed codes".
        var compat = source.Length >= 2 && source[0] == 0 && (source[1] & 1) != 0;
        var written = compat ? Run<LsbFirst>(source, destination) : Run<MsbFirst>(source, destination);
        if (written < destination.Length)
        {
            throw new InvalidDataException($"LZW stream ends after {written} of {destination.Length} bytes");
        }
    }

    // Fully optimized from the first call: a strip loop must not run its first frames as tier-0 code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe int Run<TBits>(ReadOnlySpan<byte> source, Span<byte> destination)
        where TBits : struct, IBitOrder
    {
        var reader = new BitReader(source);
        var earlyChange = TBits.EarlyChange;
        var next = FirstFree;
        var bits = MinBits;
        var prevOffset = -1;
        var prevLength = 0;
        var pos = 0;
        var capacity = destination.Length;

        // Strings are copied 8 bytes at a time while that stays inside the destination (the bytes written past a
        // string are overwritten by the next ones); within 8 bytes of the end, exactly.
        var fastEnd = capacity - 8;
        fixed (int* offsets = _offset)
        fixed (int* lengths = _length)
        fixed (byte* output = destination)
        {
            while (true)
            {
                if (!reader.TryRead<TBits>(bits, out var code) || code == EndOfInformation)
                {
                    return pos;
                }

                if (code == Clear)
                {
                    next = FirstFree;
                    bits = MinBits;
                    prevOffset = -1;
                    continue;
                }

                if (pos >= capacity)
                {
                    throw TooLong(capacity, code, reader.BitPosition - bits);
                }

                int length;
                if (code < 256)
                {
                    output[pos] = (byte)code;
                    length = 1;
                }
                else if (prevOffset < 0)
                {
                    // libtiff: "Corrupted LZW table" (the first code after a Clear must be a literal).
                    throw new InvalidDataException($"LZW code {code} at bit {reader.BitPosition - bits} follows a Clear code; only a literal can");
                }
                else if (code < next)
                {
                    length = lengths[code];
                    if (length > capacity - pos)
                    {
                        throw TooLong(capacity, code, reader.BitPosition - bits);
                    }

                    Copy(output + offsets[code], output + pos, length, pos + length <= fastEnd);
                }
                else if (code == next && next < TableSize)
                {
                    // The KwKwK case: the code being defined is the previous string plus its own first byte.
                    length = prevLength + 1;
                    if (length > capacity - pos)
                    {
                        throw TooLong(capacity, code, reader.BitPosition - bits);
                    }

                    Copy(output + prevOffset, output + pos, prevLength, pos + prevLength <= fastEnd);
                    output[pos + prevLength] = output[prevOffset];
                }
                else
                {
                    throw new InvalidDataException($"LZW code {code} at bit {reader.BitPosition - bits} is not in the table (next free code {next})");
                }

                if (prevOffset >= 0 && next < TableSize)
                {
                    // Previous string + first byte of this one: the prevLength + 1 bytes starting at prevOffset.
                    offsets[next] = prevOffset;
                    lengths[next] = prevLength + 1;
                    next++;
                    if (next >= (1 << bits) - earlyChange && bits < MaxBits)
                    {
                        bits++;
                    }
                }

                prevOffset = pos;
                prevLength = length;
                pos += length;
            }
        }
    }

    /// <summary>
    /// Copies a string of <paramref name="length"/> bytes that ends at or before <paramref name="to"/> (every table
    /// string was written earlier). With <paramref name="roomFor8"/> (to + length + 8 inside the destination) it copies
    /// whole 8-byte words: a word may read past the string's end, into bytes that go only past the copy's end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Copy(byte* from, byte* to, int length, bool roomFor8)
    {
        if (!roomFor8)
        {
            new ReadOnlySpan<byte>(from, length).CopyTo(new Span<byte>(to, length));
            return;
        }

        var i = 0;
        do
        {
            Unsafe.WriteUnaligned(to + i, Unsafe.ReadUnaligned<ulong>(from + i));
            i += 8;
        }
        while (i < length);
    }

    private static InvalidDataException TooLong(int capacity, int code, long bit) =>
        new($"LZW stream holds more than the {capacity} bytes of its strip (code {code} at bit {bit})");

    private interface IBitOrder
    {
        static abstract int EarlyChange { get; }

        static abstract int Take(ref ulong buffer, ref int count, int bits);

        static abstract void Push(ref ulong buffer, int count, byte value);

        /// <summary>Adds the bytes of <paramref name="word"/> (as loaded from memory, little-endian) that fit after <paramref name="count"/> bits.</summary>
        static abstract void PushWord(ref ulong buffer, int count, ulong word);
    }

    private struct MsbFirst : IBitOrder
    {
        public static int EarlyChange => 1;

        public static int Take(ref ulong buffer, ref int count, int bits)
        {
            var code = (int)(buffer >> (64 - bits));
            buffer <<= bits;
            count -= bits;
            return code;
        }

        public static void Push(ref ulong buffer, int count, byte value) => buffer |= (ulong)value << (56 - count);

        // The first byte in memory is the most significant: whole bytes below the buffered bits, partial byte masked off.
        public static void PushWord(ref ulong buffer, int count, ulong word) =>
            buffer |= (BinaryPrimitives.ReverseEndianness(word) >> count) & ~(ulong.MaxValue >> (((63 - count) >> 3) * 8 + count));
    }

    private struct LsbFirst : IBitOrder
    {
        public static int EarlyChange => 0;

        public static int Take(ref ulong buffer, ref int count, int bits)
        {
            var code = (int)(buffer & ((1UL << bits) - 1));
            buffer >>= bits;
            count -= bits;
            return code;
        }

        public static void Push(ref ulong buffer, int count, byte value) => buffer |= (ulong)value << count;

        // The first byte in memory is the least significant: whole bytes above the buffered bits.
        public static void PushWord(ref ulong buffer, int count, ulong word) =>
            buffer |= (word & (ulong.MaxValue >> (64 - (((63 - count) >> 3) * 8)))) << count;
    }

    private ref struct BitReader(ReadOnlySpan<byte> source)
    {
        private readonly ReadOnlySpan<byte> _source = source;
        private int _next;
        private ulong _buffer;
        private int _count;

        public readonly long BitPosition => ((long)_next * 8) - _count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryRead<TBits>(int bits, out int code)
            where TBits : struct, IBitOrder
        {
            if (_count < bits)
            {
                if (_next <= _source.Length - 8)
                {
                    // Whole bytes that fit in the buffer, from one 8-byte load.
                    var take = (63 - _count) >> 3;
                    TBits.PushWord(ref _buffer, _count, Unsafe.ReadUnaligned<ulong>(ref Unsafe.AsRef(in _source[_next])));
                    _next += take;
                    _count += take * 8;
                }

                while (_count <= 56 && _next < _source.Length)
                {
                    TBits.Push(ref _buffer, _count, _source[_next++]);
                    _count += 8;
                }

                if (_count < bits)
                {
                    // libtiff: "LZWDecode: Strip not terminated with EOI code" is a warning, not an error.
                    code = EndOfInformation;
                    return false;
                }
            }

            code = TBits.Take(ref _buffer, ref _count, bits);
            return true;
        }
    }
}
