using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static ScanImageTiff.Tiff.Compression.InflateEntry;

namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// A managed zlib (RFC 1950) / Deflate (RFC 1951) decoder for whole strips: the zlib header checked, every block
/// type, the Adler-32 trailer verified (vectorised). Shaped for TIFF strips, which are many small streams of one
/// dynamic block each: decode tables that yield a literal, or a length or distance with its extra bits, in one lookup,
/// built per block by doubling copies (<see cref="HuffmanTableBuilder"/>), and a symbol loop with a 64-bit bit buffer
/// refilled by one unaligned 8-byte load (<see cref="InflateSymbols"/>). Tables are held per instance (per thread):
/// nothing is allocated per strip.
/// </summary>
internal sealed unsafe class ManagedInflater : IStripDecoder
{
    private static readonly byte[] s_precodeOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
    private static readonly uint[] s_fixedLitLen = GC.AllocateArray<uint>(1 << LitLenMainBits, pinned: true);
    private static readonly uint[] s_fixedDistance = GC.AllocateArray<uint>(1 << DistanceMainBits, pinned: true);
    // Read by nothing: initialised after the two arrays above, it fills them once per process.
    private static readonly bool s_fixedBuilt = BuildFixedTables();

    private readonly uint[] _litLen = GC.AllocateArray<uint>(LitLenCapacity, pinned: true);
    private readonly uint[] _distance = GC.AllocateArray<uint>(DistanceCapacity, pinned: true);
    private readonly uint[] _precode = GC.AllocateArray<uint>(1 << PrecodeBits, pinned: true);
    private readonly byte[] _lens = GC.AllocateArray<byte>(288 + 32 + 8, pinned: true);
    private readonly ushort[] _sorted = GC.AllocateArray<ushort>(288, pinned: true);

    public void Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        fixed (byte* input = source)
        fixed (byte* output = destination)
        {
            Inflate(input, source.Length, output, destination.Length);
        }
    }

    /// <summary>The address of an array allocated on the pinned object heap.</summary>
    private static T* Pin<T>(T[] array)
        where T : unmanaged => (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Inflate(byte* input, int inputLength, byte* output, int outputLength)
    {
        // RFC 1950: CM 8, a window of at most 32 KiB, no preset dictionary, header check a multiple of 31.
        if (inputLength < 2 || (input[0] & 0x0F) != 8 || input[0] >> 4 > 7 || (input[1] & 0x20) != 0 || ((input[0] << 8) | input[1]) % 31 != 0)
        {
            throw new InvalidDataException("Deflate stream is corrupt: not a zlib header");
        }

        var bits = new InflateBits { Next = input + 2, End = input + inputLength };
        var op = output;
        var outEnd = output + outputLength;
        bool final;
        do
        {
            final = bits.Read(1) != 0;
            switch (bits.Read(2))
            {
                case 0:
                    op = CopyStored(ref bits, input, inputLength, op, outEnd, output);
                    break;
                case 1:
                    DecodeBlock(ref bits, output, ref op, outEnd, Pin(s_fixedLitLen), Pin(s_fixedDistance));
                    break;
                case 2:
                    ReadDynamicTables(ref bits);
                    DecodeBlock(ref bits, output, ref op, outEnd, Pin(_litLen), Pin(_distance));
                    break;
                default:
                    ThrowCorrupt(op - output, "block type 3");
                    break;
            }

            if (bits.PastEnd)
            {
                InflateBits.ThrowCutOff();
            }
        }
        while (!final);

        var at = bits.AlignToByte(input);
        if (at > inputLength - 4)
        {
            InflateBits.ThrowCutOff();
        }

        var written = (int)(op - output);
        if (BinaryPrimitives.ReadUInt32BigEndian(new ReadOnlySpan<byte>(input + at, 4)) != Adler32.Compute(output, written))
        {
            ThrowCorrupt(written, "Adler-32 mismatch");
        }

        if (written != outputLength)
        {
            throw new InvalidDataException($"Deflate stream ends after {written} of {outputLength} bytes");
        }
    }

    private static byte* CopyStored(ref InflateBits bits, byte* input, int inputLength, byte* op, byte* outEnd, byte* output)
    {
        var at = bits.AlignToByte(input);
        if (at > inputLength - 4)
        {
            InflateBits.ThrowCutOff();
        }

        var length = BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(input + at, 2));
        if ((ushort)~BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(input + at + 2, 2)) != length)
        {
            ThrowCorrupt(op - output, "stored block length check");
        }

        at += 4;
        if (inputLength - at < length)
        {
            InflateBits.ThrowCutOff();
        }

        if (outEnd - op < length)
        {
            ThrowTooLong(outEnd - output);
        }

        Unsafe.CopyBlock(op, input + at, length);
        bits.Restart(input + at + length);
        return op + length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadDynamicTables(ref InflateBits bits)
    {
        var litLenCount = (int)bits.Read(5) + 257;
        var distanceCount = (int)bits.Read(5) + 1;
        var precodeCount = (int)bits.Read(4) + 4;
        if (litLenCount > 286 || distanceCount > 30)
        {
            ThrowCorrupt(0, "too many length or distance codes");
        }

        var lens = Pin(_lens);
        var sorted = Pin(_sorted);
        new Span<byte>(lens, 19).Clear();
        bits.Refill();
        for (var i = 0; i < precodeCount; i++)
        {
            lens[s_precodeOrder[i]] = (byte)bits.Read(3);
        }

        var precode = Pin(_precode);
        fixed (uint* templates = PrecodeTemplates)
        {
            if (!HuffmanTableBuilder.Build(precode, lens, 19, templates, PrecodeBits, false, sorted))
            {
                ThrowCorrupt(0, "bad code lengths code");
            }

            const uint mask = (1u << PrecodeBits) - 1;
            var total = litLenCount + distanceCount;
            var i = 0;
            while (i < total)
            {
                if (bits.Count < PrecodeBits + 7)
                {
                    bits.Refill();
                }

                var entry = precode[(uint)bits.Buffer & mask];
                bits.Drop((int)(entry & 0xFF));
                var symbol = (int)(entry >> 16);
                if (symbol < 16)
                {
                    lens[i++] = (byte)symbol;
                    continue;
                }

                byte value = 0;
                int repeat;
                if (symbol == 16)
                {
                    if (i == 0)
                    {
                        ThrowCorrupt(0, "repeat with no previous length");
                    }

                    value = lens[i - 1];
                    repeat = 3 + (int)bits.Read(2);
                }
                else
                {
                    repeat = symbol == 17 ? 3 + (int)bits.Read(3) : 11 + (int)bits.Read(7);
                }

                if (repeat > total - i)
                {
                    ThrowCorrupt(0, "code length repeat past the last code");
                }

                // Whole words: the lengths array has 8 spare bytes past the last code.
                var word = value * 0x0101_0101_0101_0101UL;
                for (var k = 0; k < repeat; k += 8)
                {
                    Unsafe.WriteUnaligned(lens + i + k, word);
                }

                i += repeat;
            }
        }

        if (lens[256] == 0)
        {
            ThrowCorrupt(0, "no end-of-block code");
        }

        BuildTables(lens, litLenCount, lens + litLenCount, distanceCount, Pin(_litLen), Pin(_distance), sorted);
    }

    private static void BuildTables(byte* litLenLens, int litLenCount, byte* distanceLens, int distanceCount, uint* litLen, uint* distance, ushort* sorted)
    {
        fixed (uint* litLenTemplates = LitLenTemplates)
        fixed (uint* distanceTemplates = DistanceTemplates)
        {
            if (!HuffmanTableBuilder.Build(litLen, litLenLens, litLenCount, litLenTemplates, LitLenMainBits, true, sorted)
                || !HuffmanTableBuilder.Build(distance, distanceLens, distanceCount, distanceTemplates, DistanceMainBits, true, sorted))
            {
                ThrowCorrupt(0, "bad literal/length or distance code lengths");
            }
        }

    }

    private static void DecodeBlock(ref InflateBits bits, byte* output, ref byte* op, byte* outEnd, uint* litLen, uint* distance)
    {
        var rc = InflateSymbols.DecodeFast(ref bits, output, ref op, outEnd, litLen, distance);
        if (rc == InflateSymbols.Continue)
        {
            rc = InflateSymbols.DecodeSlow(ref bits, output, ref op, outEnd, litLen, distance);
        }

        if (rc < 0 && bits.PastEnd)
        {
            // What the zeros past the end decoded to says nothing: the stream is cut off.
            InflateBits.ThrowCutOff();
        }

        if (rc == InflateSymbols.Corrupt)
        {
            ThrowCorrupt(op - output, "invalid code or distance");
        }

        if (rc == InflateSymbols.TooLong)
        {
            ThrowTooLong(outEnd - output);
        }
    }

    [DoesNotReturn]
    private static void ThrowCorrupt(long written, string what) =>
        throw new InvalidDataException($"Deflate stream is corrupt after {written} bytes ({what})");

    [DoesNotReturn]
    private static void ThrowTooLong(long capacity) =>
        throw new InvalidDataException($"Deflate stream holds more than the {capacity} bytes of its strip");

    /// <summary>Builds the fixed Huffman code's tables (RFC 1951 3.2.6) once.</summary>
    private static bool BuildFixedTables()
    {
        var lens = stackalloc byte[288 + 32];
        var sorted = stackalloc ushort[288];
        new Span<byte>(lens, 144).Fill(8);
        new Span<byte>(lens + 144, 112).Fill(9);
        new Span<byte>(lens + 256, 24).Fill(7);
        new Span<byte>(lens + 280, 8).Fill(8);
        new Span<byte>(lens + 288, 32).Fill(5);
        BuildTables(lens, 288, lens + 288, 32, Pin(s_fixedLitLen), Pin(s_fixedDistance), sorted);
        return true;
    }
}
