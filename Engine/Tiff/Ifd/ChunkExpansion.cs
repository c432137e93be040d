using System.Buffers.Binary;
using ScanImageTiff.Tiff.Compression;

namespace ScanImageTiff.Tiff;

/// <summary>
/// The most bytes a strip or tile of a given codec can decode to from the bytes it stores: the index refuses a
/// chunk that declares more (<see cref="StripValidator.ValidateChunks"/>), so what a compressed file can make the
/// reader allocate is bounded by the bytes present, never by its declared image size alone. Each bound is the
/// codec's true maximum expansion (or, for Zstandard and .xz, the exact size its own header or index declares).
/// </summary>
internal static class ChunkExpansion
{
    /// <summary>Deflate (RFC 1951 section 3.2.5): a match is at most 258 bytes and costs at least 2 bits (1-bit
    /// length and distance codes), so 258 × 8 / 2 = 1032 bytes per stored byte (zlib FAQ, "maximum compression
    /// ratio 1032:1"); the zlib header, block headers and Adler-32 produce nothing.</summary>
    public const long DeflateRatio = 1032;

    /// <summary>PackBits (TIFF 6.0 section 9): a run header n in −127..−1 and one byte give 1 − n ≤ 128 bytes; a
    /// literal of k bytes costs k + 1. So at most 128 bytes per 2 stored bytes.</summary>
    public const long PackBitsPerPair = 128;

    /// <summary>Zstandard without Frame_Content_Size (RFC 8878 section 3.1.1.2): every block has a 3-byte header and
    /// at least 1 byte (an RLE block), and regenerates at most Block_Maximum_Size = 128 KiB; a frame header is at
    /// least 6 bytes. So 131072 bytes per 4 stored bytes after the first 6.</summary>
    public const long ZstdBlockBytes = 128 << 10;

    /// <summary>LZMA2 without a readable .xz index (xz-utils liblzma/lzma/lzma2_decoder.c): a compressed chunk is a
    /// control byte, 2 bytes of unpacked size, 2 of packed size, and at least 5 bytes of range-coder data, and
    /// unpacks to at most 2^21 bytes; uncompressed chunks never expand.</summary>
    public const long Lzma2ChunkBytes = 1 << 21;

    /// <summary>Longest LZW string (TIFF 6.0 section 13; <see cref="LzwDecoder"/>): entry 258 + i is made by the (i + 2)th
    /// code after a Clear and is at most i + 2 bytes; the table ends at 4095, so 4095 − 256 = 3839 bytes.</summary>
    public const long LzwLongestString = 4095 - 256;

    // .xz (tukaani "The .xz File Format" 1.0.4): stream footer = CRC32, Backward Size, 2 flag bytes, "YZ".
    private const int XzFooterBytes = 12;
    private const int MaxXzIndexBytes = 4096;

    /// <summary>
    /// True when chunk [<paramref name="offset"/>, +<paramref name="stored"/>) may declare <paramref name="declared"/>
    /// decoded bytes; <paramref name="bound"/> is the most it can decode to (<see cref="MaxDecodedBytes"/>). Zstandard
    /// and LZMA chunks that declare no more than Deflate's 1032:1 are allowed without reading their header or index
    /// (one system call or page fault per strip at open, when typical data compress a few times): the allocation
    /// stays within Deflate's bound, and a frame shorter than declared is still found by its decoder.
    /// </summary>
    public static bool Allows(ushort compression, long offset, long stored, long declared, IfdWindow window, out long bound)
    {
        if (compression is TiffCompression.Zstd or TiffCompression.Lzma && declared <= Saturate(DeflateRatio, stored))
        {
            bound = Saturate(DeflateRatio, stored);
            return true;
        }

        bound = MaxDecodedBytes(compression, offset, stored, window);
        return declared <= bound;
    }

    /// <summary>
    /// The most bytes chunk [<paramref name="offset"/>, +<paramref name="stored"/>) of codec <paramref name="compression"/>
    /// can decode to. For Zstandard and LZMA the chunk's header or index is read through <paramref name="window"/>.
    /// </summary>
    public static long MaxDecodedBytes(ushort compression, long offset, long stored, IfdWindow window) => compression switch
    {
        TiffCompression.None => stored,
        TiffCompression.PackBits => PackBitsPerPair * (stored / 2),
        TiffCompression.AdobeDeflate or TiffCompression.Deflate => Saturate(DeflateRatio, stored),
        TiffCompression.Lzw => Lzw(stored),
        TiffCompression.Zstd => ZstdContentSize(window, offset, stored) ?? Saturate(ZstdBlockBytes, Math.Max(0, stored - 6) / 4),
        TiffCompression.Lzma => XzUncompressedSize(window, offset, stored) ?? Saturate(Lzma2ChunkBytes, stored / 10),
        _ => long.MaxValue,
    };

    /// <summary>
    /// LZW: the k-th code after a Clear emits at most min(k, 3839) bytes, and no Clear ever raises the total (it costs
    /// bits and restarts k at 1). Codes are 9 bits for the first 254 (early change) or, in old-style strips, 255 codes
    /// after their leading Clear, then 512 codes of 10 bits, 1024 of 11, then 12 bits: the larger of both readings.
    /// </summary>
    public static long Lzw(long stored)
    {
        var bits = Saturate(8, stored);
        return Math.Max(LzwOutput(LzwCodes(bits, 254)), LzwOutput(LzwCodes(bits - 9, 255)));
    }

    private static long LzwCodes(long bits, long nineBitCodes)
    {
        if (bits <= 0)
        {
            return 0;
        }

        long codes = 0;
        foreach (var (count, width) in (ReadOnlySpan<(long, int)>)[(nineBitCodes, 9), (512, 10), (1024, 11)])
        {
            if (bits < count * width)
            {
                return codes + (bits / width);
            }

            codes += count;
            bits -= count * width;
        }

        return codes + (bits / 12);
    }

    private static long LzwOutput(long codes) => codes <= LzwLongestString
        ? codes * (codes + 1) / 2
        : (LzwLongestString * (LzwLongestString + 1) / 2) + Saturate(codes - LzwLongestString, LzwLongestString);

    /// <summary>Frame_Content_Size of the chunk's first frame (RFC 8878 section 3.1.1.1), when the frame fills the chunk
    /// as libtiff and tifffile write it; null when absent or not a zstd frame.</summary>
    private static long? ZstdContentSize(IfdWindow window, long offset, long stored)
    {
        if (stored < 6)
        {
            return null;
        }

        Span<byte> fallback = stackalloc byte[18];
        var head = window.Bytes(offset, (int)Math.Min(stored, 18), fallback);
        if (BinaryPrimitives.ReadUInt32LittleEndian(head) != 0xFD2FB528)
        {
            return null;
        }

        var descriptor = head[4];
        var singleSegment = (descriptor & 0x20) != 0;
        var fcsBytes = (descriptor >> 6) switch
        {
            0 => singleSegment ? 1 : 0,
            1 => 2,
            2 => 4,
            _ => 8,
        };
        var at = 5 + (singleSegment ? 0 : 1) + (descriptor & 3) switch { 0 => 0, 1 => 1, 2 => 2, _ => 4 };
        if (fcsBytes == 0 || at + fcsBytes > head.Length)
        {
            return null;
        }

        var field = head.Slice(at, fcsBytes);
        var size = fcsBytes switch
        {
            1 => field[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(field) + 256L,
            4 => BinaryPrimitives.ReadUInt32LittleEndian(field),
            _ => (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(field), long.MaxValue),
        };
        return size;
    }

    /// <summary>The sum of the uncompressed sizes in the .xz stream's index (mandatory in every stream, section 4),
    /// found from the footer at the chunk's end; null when there is no readable footer or index.</summary>
    private static long? XzUncompressedSize(IfdWindow window, long offset, long stored)
    {
        if (stored < 12 + XzFooterBytes + 8)
        {
            return null;
        }

        Span<byte> footerBuffer = stackalloc byte[XzFooterBytes];
        var footer = window.Bytes(offset + stored - XzFooterBytes, XzFooterBytes, footerBuffer);
        if (footer[10] != (byte)'Y' || footer[11] != (byte)'Z')
        {
            return null;
        }

        var indexBytes = ((long)BinaryPrimitives.ReadUInt32LittleEndian(footer[4..]) + 1) * 4;
        if (indexBytes > MaxXzIndexBytes || indexBytes > stored - XzFooterBytes - 12)
        {
            return null;
        }

        Span<byte> indexBuffer = stackalloc byte[MaxXzIndexBytes];
        var index = window.Bytes(offset + stored - XzFooterBytes - indexBytes, (int)indexBytes, indexBuffer[..(int)indexBytes]);
        var at = 1;
        if (index[0] != 0 || !TryVli(index, ref at, out var records))
        {
            return null;
        }

        long total = 0;
        for (ulong r = 0; r < records; r++)
        {
            if (!TryVli(index, ref at, out _) || !TryVli(index, ref at, out var size) || size > long.MaxValue - (ulong)total)
            {
                return null;
            }

            total += (long)size;
        }

        return total;
    }

    private static bool TryVli(ReadOnlySpan<byte> bytes, ref int at, out ulong value)
    {
        value = 0;
        for (var i = 0; i < 9 && at < bytes.Length; i++)
        {
            var b = bytes[at++];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }

    private static long Saturate(long factor, long count) => count <= 0 ? 0 : count > long.MaxValue / factor ? long.MaxValue : factor * count;
}
