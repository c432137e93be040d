using System.Numerics;
using System.Runtime.CompilerServices;

namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// Builds <see cref="ManagedInflater"/>'s decode tables from code lengths (RFC 1951 3.2.2 canonical codes), with
/// zlib's acceptance rules: an oversubscribed set is refused; an incomplete one only when it is a single code of
/// length 1 (litlen and distance codes; never the precode); an empty distance code is kept and fails only if used.
/// Codewords are filled bit-reversed in canonical order into a table as wide as the current length, doubled by
/// copying as the length grows (libdeflate's scheme), so a table costs about its final size in stores.
/// </summary>
internal static unsafe class HuffmanTableBuilder
{
    /// <summary>Builds a table; false if the lengths do not form an acceptable code.</summary>
    /// <param name="table">At least <c>1 &lt;&lt; maxMainBits</c> plus the subtable capacity of this code.</param>
    /// <param name="lens">Code length of each symbol, 0 for unused.</param>
    /// <param name="count">Number of symbols.</param>
    /// <param name="templates">Per-symbol entry templates (<see cref="InflateEntry"/>).</param>
    /// <param name="maxMainBits">Main table bits (fixed per code kind, so the decoder's masks are constants).</param>
    /// <param name="allowIncomplete">Whether a single code of length 1, or no code at all, is acceptable.</param>
    /// <param name="sorted">Scratch for <paramref name="count"/> symbols.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Build(uint* table, byte* lens, int count, uint* templates, int maxMainBits, bool allowIncomplete, ushort* sorted)
    {
        var counts = stackalloc int[16];
        var offsets = stackalloc int[17];
        new Span<int>(counts, 16).Clear();
        for (var s = 0; s < count; s++)
        {
            counts[lens[s]]++;
        }

        counts[0] = 0;
        var maxLen = 15;
        while (maxLen > 0 && counts[maxLen] == 0)
        {
            maxLen--;
        }

        var mainBits = maxMainBits;
        var width = 1 << maxMainBits;
        if (maxLen == 0)
        {
            new Span<uint>(table, width).Fill(InflateEntry.Invalid | 1);
            return allowIncomplete;
        }

        var left = 1;
        offsets[1] = 0;
        for (var len = 1; len <= 15; len++)
        {
            left = (left << 1) - counts[len];
            if (left < 0)
            {
                return false;
            }

            offsets[len + 1] = offsets[len] + counts[len];
        }

        if (left > 0)
        {
            if (!allowIncomplete || maxLen != 1)
            {
                return false;
            }

            // One code of length 1: codeword 0 is the symbol, codeword 1 decodes to nothing (zlib's rule).
            var only = 0;
            while (lens[only] == 0)
            {
                only++;
            }

            var entry = templates[only] + 1 + (1u << 8);
            for (var i = 0; i < width; i += 2)
            {
                table[i] = entry;
                table[i + 1] = InflateEntry.Invalid | 1;
            }

            return true;
        }

        for (var s = 0; s < count; s++)
        {
            if (lens[s] != 0)
            {
                sorted[offsets[lens[s]]++] = (ushort)s;
            }
        }

        Fill(table, counts, templates, sorted, mainBits);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Fill(uint* table, int* counts, uint* templates, ushort* sorted, int mainBits)
    {
        var len = 1;
        while (counts[len] == 0)
        {
            len++;
        }

        var codeword = 0u;
        var tableEnd = 1u << len;
        var remaining = counts[len];
        var next = sorted;
        while (len <= mainBits)
        {
            do
            {
                table[codeword] = templates[*next++] + (uint)len + ((uint)len << 8);
                if (codeword == tableEnd - 1)
                {
                    // The all-ones codeword is the last: widen what is built to the main table.
                    for (; len < mainBits; len++)
                    {
                        Unsafe.CopyBlock(table + tableEnd, table, tableEnd * sizeof(uint));
                        tableEnd <<= 1;
                    }

                    return;
                }

                codeword = NextReversed(codeword, tableEnd - 1);
            }
            while (--remaining != 0);

            do
            {
                if (++len <= mainBits)
                {
                    Unsafe.CopyBlock(table + tableEnd, table, tableEnd * sizeof(uint));
                    tableEnd <<= 1;
                }
            }
            while ((remaining = counts[len]) == 0);
        }

        // Codewords longer than the main table: each distinct low-bits prefix gets a subtable sized to cover all
        // codewords sharing it.
        var mainMask = (1u << mainBits) - 1;
        var subtablePrefix = uint.MaxValue;
        var subtableStart = 0u;
        tableEnd = 1u << mainBits;
        while (true)
        {
            if ((codeword & mainMask) != subtablePrefix)
            {
                subtablePrefix = codeword & mainMask;
                subtableStart = tableEnd;
                var subtableBits = len - mainBits;
                var used = remaining;
                while (used < (1 << subtableBits))
                {
                    subtableBits++;
                    used = (used << 1) + counts[mainBits + subtableBits];
                }

                tableEnd = subtableStart + (1u << subtableBits);
                table[subtablePrefix] = InflateEntry.Subtable | (subtableStart << 16) | ((uint)subtableBits << 8) | (uint)mainBits;
            }

            var subLen = (uint)(len - mainBits);
            var entry = templates[*next++] + subLen + (subLen << 8);
            var stride = 1u << (int)subLen;
            for (var i = subtableStart + (codeword >> mainBits); i < tableEnd; i += stride)
            {
                table[i] = entry;
            }

            if (codeword == (1u << len) - 1)
            {
                return;
            }

            codeword = NextReversed(codeword, (1u << len) - 1);
            remaining--;
            while (remaining == 0)
            {
                remaining = counts[++len];
            }
        }
    }

    /// <summary>The next canonical codeword, both bit-reversed: clear the trailing ones from the top, set the next bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint NextReversed(uint codeword, uint allOnes)
    {
        var bit = 1u << BitOperations.Log2(codeword ^ allOnes);
        return (codeword & (bit - 1)) | bit;
    }
}
