namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// LZW for the writer, the way libtiff's LZWEncode writes it (TIFF 6.0 section 13): a Clear code first, codes MSB
/// first, one bit wider as soon as the next free entry exceeds 2^n − 1 (which the decoder sees one code later:
/// the early change), a Clear when the table reaches 4094 entries, and EOI at the end of the strip.
/// </summary>
internal sealed class LzwEncoder : IStripEncoder
{
    private const int Clear = 256;
    private const int EndOfInformation = 257;
    private const int FirstFree = 258;
    private const int MaxCode = 4095;
    private const int HashBits = 13;

    // Open-addressed (prefix code, byte) -> code; a key of 0 marks an empty slot (real keys are stored + 1).
    private readonly int[] _keys = new int[1 << HashBits];
    private readonly short[] _codes = new short[1 << HashBits];

    public int MaxEncodedLength(int sourceLength, int rowBytes) => checked((sourceLength * 3 / 2) + (sourceLength / 1000) + 16);

    public int Encode(ReadOnlySpan<byte> source, int rowBytes, Span<byte> destination)
    {
        var writer = new BitWriter(destination);
        var bits = 9;
        var next = FirstFree;
        writer.Write(Clear, bits);
        Array.Clear(_keys);
        if (source.IsEmpty)
        {
            writer.Write(EndOfInformation, bits);
            return writer.Finish();
        }

        var prefix = (int)source[0];
        for (var i = 1; i < source.Length; i++)
        {
            var b = source[i];
            var key = (prefix << 8) | b;
            var slot = Find(key);
            if (_keys[slot] == key + 1)
            {
                prefix = _codes[slot];
                continue;
            }

            writer.Write(prefix, bits);
            _keys[slot] = key + 1;
            _codes[slot] = (short)next;
            next++;
            if (next == MaxCode - 1)
            {
                writer.Write(Clear, bits);
                Array.Clear(_keys);
                next = FirstFree;
                bits = 9;
            }
            else if (next > (1 << bits) - 1)
            {
                bits++;
            }

            prefix = b;
        }

        writer.Write(prefix, bits);
        next++;
        if (next > (1 << bits) - 1 && bits < 12)
        {
            bits++;
        }

        writer.Write(EndOfInformation, bits);
        return writer.Finish();
    }

    private int Find(int key)
    {
        var mask = (1 << HashBits) - 1;
        var slot = (int)((uint)(key * -1640531535) >> (32 - HashBits));
        while (_keys[slot] != 0 && _keys[slot] != key + 1)
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }

    private ref struct BitWriter(Span<byte> destination)
    {
        private readonly Span<byte> _destination = destination;
        private ulong _buffer;
        private int _count;
        private int _at;

        public void Write(int code, int bits)
        {
            _buffer = (_buffer << bits) | (uint)code;
            _count += bits;
            while (_count >= 8)
            {
                _count -= 8;
                _destination[_at++] = (byte)(_buffer >> _count);
            }
        }

        public int Finish()
        {
            if (_count > 0)
            {
                _destination[_at++] = (byte)(_buffer << (8 - _count));
                _count = 0;
            }

            return _at;
        }
    }
}
