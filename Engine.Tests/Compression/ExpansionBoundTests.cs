using ScanImageTiff.Tests.Support;
using ScanImageTiff.Tests.Tiff;
using static ScanImageTiff.Tests.Support.TiffBuilder;

namespace ScanImageTiff.Tests.Compression;

/// <summary>
/// A compressed strip may declare at most what its codec can decode from the bytes it stores. Hand-built strips,
/// each exactly at its codec's maximum expansion (accepted, and the real ones decode), and the same strip declaring
/// one byte more (refused at open with a <see cref="TiffFormatException"/> at the StripByteCounts entry). The bounds
/// are worked out here from the specifications, not taken from the engine.
/// </summary>
public sealed class ExpansionBoundTests
{
    // Python's lzma.compress(bytes(10**6)): 276 bytes, one LZMA2 block; its index records 1 000 000 uncompressed bytes.
    private const string XzOfMillionZeros =
        "fd377a585a000004e6d6b4460200210116000000742fe5a3ef423f00d15d00006ffdffffa3b7ff473e481572396151b89228e6a38607f9eee41e82d32fc53a3c014bb17ec98a8a4d2fa30dd97fa6e38c231153e05918c5758ae277f8b6947f0c6ac0de744964e2e95c53b204d8f7440cab5f0d6d46e9e5c37688b79657acb64de1691d6ffb4b88106c42cb883f5c008fd04eaf262894711f3d8f24e1709ea7235fec28cb85d195988a7e2a91f22775f719c006984d98fdd8afd5900fc42553f8f591363105a5b0ee6fc1704d470cd19111aaad601dbaceb127185c5986e9665258bee976ac59e4e55b0508f993c33f360000000032b35597eed2e1e30001ed01c0843d00d5e076aeb1c467fb020000000004595a";

    // Python's lzma.compress(bytes(1000)): one LZMA2 block; its index records 1000 uncompressed bytes.
    private const string XzOf1000Zeros =
        "fd377a585a000004e6d6b4460200210116000000742fe5a3e003e7000b5d00006ffdffffa3b75a0d5e0000004f258aec2be22a37000127e807000000f4558f5cb1c467fb020000000004595a";

    public static TheoryData<string, bool, bool> Rows()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var name in new[] { "PackBits", "LZW", "Deflate", "Zstd without content size", "Zstd content size", "LZMA index", "LZMA no footer", "None tile" })
        {
            foreach (var (big, be) in HandBuiltFileTests.Forms)
            {
                data.Add(name, big, be);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Exactly_at_the_bound_is_read_and_one_byte_more_is_refused(string name, bool bigTiff, bool bigEndian)
    {
        var (code, stored, bound, decodes, fill) = Case(name);

        var (atBound, _) = Build(bigTiff, bigEndian, code, stored, bound, tiled: name.Contains("tile", StringComparison.Ordinal));
        using (var file = new TempFile(atBound))
        {
            foreach (var backend in HandBuiltFileTests.Backends)
            {
                using var reader = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend, ShareMappings = false });
                Assert.Equal(1, reader.FrameCount);
                var pixels = new byte[bound];
                if (decodes)
                {
                    reader.ReadFrame<byte>(0, pixels);
                    Assert.All(pixels, p => Assert.Equal(fill, p));
                }
                else
                {
                    // The index accepts the declared size; the short stream is then found by the decoder.
                    Assert.Throws<TiffFormatException>(() => reader.ReadFrame<byte>(0, pixels));
                }
            }
        }

        var (over, countsEntry) = Build(bigTiff, bigEndian, code, stored, bound + 1, tiled: name.Contains("tile", StringComparison.Ordinal));
        using (var file = new TempFile(over))
        {
            foreach (var backend in HandBuiltFileTests.Backends)
            {
                var e = Assert.Throws<TiffFormatException>(() => ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend, ShareMappings = false }));
                Assert.Equal(countsEntry, e.FileOffset);
                Assert.Contains($"at most {bound}", e.Message, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("Zstd")]
    [InlineData("LZMA")]
    public void A_header_that_declares_less_than_the_layout_is_found_by_the_decoder_below_1032_to_1(string codec)
    {
        // Zstd: 1-byte Frame_Content_Size 200 and an RLE block of 200 sevens (10 bytes); LZMA: 1000 zeros in 74 bytes.
        // The layout declares one byte more, still under 1032:1: the index does not read the header (a system call per
        // strip at open), the file opens, and the read fails with the strip's offset instead of returning short pixels.
        var (code, stored, size) = codec == "Zstd"
            ? (50000, new byte[] { 0x28, 0xB5, 0x2F, 0xFD, 0x20, 200, 0x43, 0x06, 0x00, 0x07 }, 200)
            : (34925, Convert.FromHexString(XzOf1000Zeros), 1000);
        var (bytes, _) = Build(false, false, code, stored, size + 1, tiled: false);
        using var file = new TempFile(bytes);
        foreach (var backend in HandBuiltFileTests.Backends)
        {
            using var reader = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend, ShareMappings = false });
            var e = Assert.Throws<TiffFormatException>(() => reader.ReadFrame<byte>(0, new byte[size + 1]));
            Assert.Equal(8, e.FileOffset);
        }
    }

    [Fact]
    public void Tiles_that_all_point_at_the_same_bytes_cannot_store_more_than_the_file()
    {
        // Four 64 x 64 tiles, each within the deflate bound of its count, all at one place: 4 x 3000 bytes stored in a ~3.2 KB file.
        var b = new TiffBuilder();
        var at = b.Append(MalformedStripTests.ZLib(new byte[64 * 64]));
        b.Append(new byte[3000]);
        var written = b.WriteIfd(Tiled(b, 128, 128, 64, 8, [at, at, at, at], [3000, 3000, 3000, 3000]));
        using var file = new TempFile(b.ToArray());
        var e = Assert.Throws<TiffFormatException>(() => ScanImageTiffReader.Open(file.Path));
        Assert.Equal(written.EntryAt(Tag.TileByteCounts), e.FileOffset);
        Assert.Contains("overlap or repeat", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Codec, stored bytes, the most they decode to (derived by hand), whether they really decode to that, and the byte they decode to.</summary>
    private static (int Code, byte[] Stored, int Bound, bool Decodes, byte Fill) Case(string name)
    {
        var deflate = MalformedStripTests.ZLib(new byte[4000]);
        return name switch
        {
            // TIFF 6.0 section 9: header -127 then one byte = 128 copies.
            "PackBits" => (32773, [0x81, 0x00], 128, true, 0),
            // Codes 0, 258, 259, ..., 264 (9 bits each, 72 bits = 9 bytes): each is the KwKwK case, emitting 1, 2, ..., 8 bytes.
            "LZW" => (5, LzwCodes.Msb9(0, 258, 259, 260, 261, 262, 263, 264), 36, true, 0),
            // RFC 1951: at most 258 bytes per 2 bits, 1032 per stored byte; a real stream of zeros comes nowhere near.
            "Deflate" => (8, deflate, 1032 * deflate.Length, false, 0),
            // RFC 8878: magic, descriptor 0 (no content size), window 2^17, one last RLE block of 131072 zeros: 10 bytes.
            "Zstd without content size" => (50000, [0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x38, 0x03, 0x00, 0x10, 0x00], 131072, true, 0),
            // Single segment, 2-byte Frame_Content_Size 20000 (stored as 20000 - 256), one last RLE block of 20000 sevens
            // (block header (20000 << 3) | RLE << 1 | last): 11 bytes, more than 1032:1, so the header's size is the bound.
            "Zstd content size" => (50000, [0x28, 0xB5, 0x2F, 0xFD, 0x60, 0x20, 0x4D, 0x03, 0x71, 0x02, 0x07], 20000, true, 7),
            // 276 bytes for 1 000 000: more than 1032:1, so the index is read and its size is the bound.
            "LZMA index" => (34925, Convert.FromHexString(XzOfMillionZeros), 1_000_000, true, 0),
            // No "YZ" at the end: the index cannot be found, so the LZMA2 bound (2^21 per 10 of the 74 stored bytes)
            // applies; the index accepts that size, and the decoder then finds the stream ends after 1000 bytes.
            "LZMA no footer" => (34925, [.. Convert.FromHexString(XzOf1000Zeros)[..^2], 0, 0], (1 << 21) * 7, false, 0),
            // Uncompressed 16 x 16 tile of 8-bit samples: 256 bytes stored decode to 256.
            "None tile" => (1, new byte[256], 256, true, 0),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }

    /// <summary>A one-frame file whose single strip (or 16-pixel-wide tile) is <paramref name="stored"/> and declares <paramref name="declared"/> 8-bit samples.</summary>
    private static (byte[] File, long CountsEntry) Build(bool big, bool be, int code, byte[] stored, int declared, bool tiled)
    {
        var b = new TiffBuilder(big, be);
        var at = b.Append(stored);
        if (tiled)
        {
            // One row of 16 x 16 tiles; one byte more than 256 needs a second tile, so declare the tile 16 x 17 instead.
            var written = b.WriteIfd(Tiled(b, 16, 16, 16, code, [at], [stored.Length], tileLength: declared == 256 ? 16 : 32));
            return (b.ToArray(), written.EntryAt(Tag.TileByteCounts));
        }

        var ifd = b.FrameIfd(declared, 1, 8, [at], [stored.Length]).Without(Tag.Compression).Ints(Tag.Compression, FieldType.Short, code);
        var w = b.WriteIfd(ifd);
        return (b.ToArray(), w.EntryAt(Tag.StripByteCounts));
    }

    private static Ifd Tiled(TiffBuilder b, long width, long height, long tile, int code, long[] offsets, long[] counts, long tileLength = -1) =>
        b.NewIfd()
            .Ints(Tag.ImageWidth, FieldType.Long, width).Ints(Tag.ImageLength, FieldType.Long, height)
            .Ints(Tag.BitsPerSample, FieldType.Short, 8).Ints(Tag.Compression, FieldType.Short, code)
            .Ints(Tag.PhotometricInterpretation, FieldType.Short, 1)
            .Ints(Tag.TileWidth, FieldType.Short, tile).Ints(Tag.TileLength, FieldType.Short, tileLength < 0 ? tile : tileLength)
            .Ints(Tag.TileOffsets, b.BigTiff ? FieldType.Long8 : FieldType.Long, offsets)
            .Ints(Tag.TileByteCounts, b.BigTiff ? FieldType.Long8 : FieldType.Long, counts);
}
