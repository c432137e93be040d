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
    private int Run<TBits>(ReadOnlySpan<byte> source, Span<byte> destination)
        where TBits : struct, IBitOrder
    {
        var offsets = _offset;
        var lengths = _length;
        var reader = new BitReader(source);
        var earlyChange = TBits.EarlyChange;
        var next = FirstFree;
        var bits = MinBits;
        var prevOffset = -1;
        var prevLength = 0;
        var pos = 0;
        var capacity = destination.Length;
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
                throw new InvalidDataException($"LZW stream holds more than the {capacity} bytes of its strip (code {code} at bit {reader.BitPosition - bits})");
            }

            int length;
            if (code < 256)
            {
                destination[pos] = (byte)code;
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
                    throw new InvalidDataException($"LZW stream holds more than the {capacity} bytes of its strip (code {code} at bit {reader.BitPosition - bits})");
                }

                destination.Slice(offsets[code], length).CopyTo(destination[pos..]);
            }
            else if (code == next && next < TableSize)
            {
                // The KwKwK case: the code being defined is the previous string plus its own first byte.
                length = prevLength + 1;
                if (length > capacity - pos)
                {
                    throw new InvalidDataException($"LZW stream holds more than the {capacity} bytes of its strip (code {code} at bit {reader.BitPosition - bits})");
                }

                destination.Slice(prevOffset, prevLength).CopyTo(destination[pos..]);
                destination[pos + prevLength] = destination[prevOffset];
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

    private interface IBitOrder
    {
        static abstract int EarlyChange { get; }

        static abstract int Take(ref ulong buffer, ref int count, int bits);

        static abstract void Push(ref ulong buffer, int count, byte value);
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
