using SharpCompress.Compressors.LZMA;

namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// LZMA (Compression = 34925): each strip is one .xz stream (tukaani.org "The .xz File Format" 1.0.4). libtiff's
/// tif_lzma.c writes a Delta filter (distance 1 by default) in front of LZMA2; tifffile writes plain LZMA2. The
/// container is read here (stream header, one block header, its filter chain), LZMA2 is decoded by SharpCompress's
/// LzmaStream, and the Delta filter (section 5.3.3 of the format) is undone in place. The block's check (CRC/SHA)
/// is not verified: a damaged LZMA2 stream fails on its own structure, and the output size is exact.
/// The stream objects are allocated per strip: LZMA is an archival codec, rare and slow to decode anyway.
/// </summary>
internal sealed unsafe class LzmaDecoder : IStripDecoder
{
    private const ulong FilterDelta = 0x03;
    private const ulong FilterLzma2 = 0x21;
    private static ReadOnlySpan<byte> Magic => [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00];

    public void Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.Length < 12 + 8 || !source.StartsWith(Magic))
        {
            throw new InvalidDataException("LZMA strip is not an .xz stream (no .xz magic bytes)");
        }

        // Block header: size byte ((n + 1) * 4 bytes in all), flags, optional sizes, filter flags, padding, CRC32.
        var header = source[12..];
        var headerSize = (header[0] + 1) * 4;
        if (header[0] == 0 || headerSize > header.Length)
        {
            throw new InvalidDataException("LZMA .xz stream has no block, or its block header is cut off");
        }

        var flags = header[1];
        var at = 2;
        long compressedSize = -1;
        if ((flags & 0x40) != 0)
        {
            compressedSize = (long)ReadVli(header, ref at, headerSize);
        }

        if ((flags & 0x80) != 0 && ReadVli(header, ref at, headerSize) != (ulong)destination.Length)
        {
            throw new InvalidDataException($"LZMA block declares an uncompressed size other than its {destination.Length}-byte strip");
        }

        var deltaDistance = 0;
        byte dictionary = 0;
        var filters = (flags & 3) + 1;
        for (var f = 0; f < filters; f++)
        {
            var id = ReadVli(header, ref at, headerSize);
            var propertySize = ReadVli(header, ref at, headerSize);
            if (propertySize != 1 || at >= headerSize - 4)
            {
                throw new InvalidDataException($"LZMA filter {id} has {propertySize} property bytes (not supported)");
            }

            var property = header[at++];
            if (id == FilterDelta && f < filters - 1)
            {
                deltaDistance = property + 1;
            }
            else if (id == FilterLzma2 && f == filters - 1)
            {
                dictionary = property;
            }
            else
            {
                throw new InvalidDataException($"LZMA .xz filter {id} is not supported (only Delta and LZMA2 are)");
            }
        }

        var data = header[headerSize..];
        if (compressedSize >= 0)
        {
            if (compressedSize > data.Length)
            {
                throw new InvalidDataException($"LZMA block of {compressedSize} bytes is cut off after {data.Length}");
            }

            data = data[..(int)compressedSize];
        }

        CheckLzma2Chunks(data);
        DecodeLzma2(data, Math.Min(dictionary, DictionaryFor(destination.Length)), destination);
        if (deltaDistance > 0)
        {
            for (var i = deltaDistance; i < destination.Length; i++)
            {
                destination[i] += destination[i - deltaDistance];
            }
        }
    }

    private static void DecodeLzma2(ReadOnlySpan<byte> data, byte dictionary, Span<byte> destination)
    {
        fixed (byte* input = data)
        {
            int written;
            try
            {
                using var raw = new UnmanagedMemoryStream(input, data.Length);
                // Sizes unknown (-1): SharpCompress 0.50 fails LZMA2 input that is followed by more bytes when given its length.
                using var lzma2 = LzmaStream.Create([dictionary], raw, -1, -1, null, true, false);
                written = ReadAll(lzma2, destination);
                Span<byte> spare = stackalloc byte[1];
                if (written == destination.Length && lzma2.Read(spare) > 0)
                {
                    throw new InvalidDataException($"LZMA stream holds more than the {destination.Length} bytes of its strip");
                }
            }
            catch (Exception e) when (e is not InvalidDataException and not OutOfMemoryException)
            {
                throw new InvalidDataException($"LZMA stream is corrupt: {e.Message}");
            }

            if (written != destination.Length)
            {
                throw new InvalidDataException($"LZMA stream ends after {written} of {destination.Length} bytes");
            }
        }
    }

    /// <summary>
    /// Walks the LZMA2 chunk headers (xz-utils liblzma/lzma/lzma2_decoder.c): a control byte, sizes, and for a chunk
    /// that sets new properties a byte lc/lp/pb with lc + lp ≤ 4 and pb ≤ 4. The decoder sizes its literal tables by
    /// 0x300 × 2^(lc + lp): out-of-range properties (fuzzing: lc = 8, lp = 3 made 7 MB per strip) are refused here.
    /// </summary>
    private static void CheckLzma2Chunks(ReadOnlySpan<byte> data)
    {
        var at = 0;
        while (at < data.Length)
        {
            var control = data[at];
            if (control == 0x00)
            {
                return;
            }

            if (control is 0x01 or 0x02)
            {
                at += 3 + (at + 2 < data.Length ? ((data[at + 1] << 8) | data[at + 2]) + 1 : 0);
                continue;
            }

            if (control < 0x80 || at + 5 >= data.Length)
            {
                return; // Not a chunk header, or cut off: the decoder reports it.
            }

            var packed = ((data[at + 3] << 8) | data[at + 4]) + 1;
            var header = 5;
            if (control >= 0xC0)
            {
                int properties = data[at + 5];
                var (lc, lp, pb) = (properties % 9, properties / 9 % 5, properties / 45);
                if (properties >= 9 * 5 * 5 || lc + lp > 4 || pb > 4)
                {
                    throw new InvalidDataException($"LZMA2 chunk at byte {at} has properties {properties} (lc = {lc}, lp = {lp}, pb = {pb}); lc + lp ≤ 4 and pb ≤ 4 are valid");
                }

                header = 6;
            }

            at += header + packed;
        }
    }

    /// <summary>
    /// The smallest LZMA2 dictionary property whose size, (2 | (p &amp; 1)) &lt;&lt; (p / 2 + 11), holds <paramref name="bytes"/>:
    /// no match reaches further back than the strip's own output, so a larger declared dictionary (up to 4 GiB, which
    /// the decoder would allocate) decodes the same strip no differently.
    /// </summary>
    private static byte DictionaryFor(int bytes)
    {
        byte p = 0;
        while (p < 40 && ((2L | (p & 1)) << ((p / 2) + 11)) < bytes)
        {
            p++;
        }

        return p;
    }

    /// <summary>A variable-length integer of the .xz format: 7 bits per byte, least significant first, at most 9 bytes.</summary>
    private static ulong ReadVli(ReadOnlySpan<byte> header, ref int at, int end)
    {
        ulong value = 0;
        for (var i = 0; i < 9; i++)
        {
            if (at >= end)
            {
                break;
            }

            var b = header[at++];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("LZMA block header has a malformed number");
    }

    private static int ReadAll(Stream stream, Span<byte> destination)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var n = stream.Read(destination[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
