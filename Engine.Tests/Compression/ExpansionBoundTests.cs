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
            // Single segment, 1-byte Frame_Content_Size 200, one last RLE block of 200 sevens: the header's size is the bound.
            "Zstd content size" => (50000, [0x28, 0xB5, 0x2F, 0xFD, 0x20, 200, 0x43, 0x06, 0x00, 0x07], 200, true, 7),
            "LZMA index" => (34925, Convert.FromHexString(XzOf1000Zeros), 1000, true, 0),
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
