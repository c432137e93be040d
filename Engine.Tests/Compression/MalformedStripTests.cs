using System.IO.Compression;
using ScanImageTiff.Tests.Support;
using ScanImageTiff.Tests.Tiff;
using ScanImageTiff.Tiff.Compression;
using static ScanImageTiff.Tests.Support.TiffBuilder;

namespace ScanImageTiff.Tests.Compression;

/// <summary>
/// One corrupt strip (or tile) per row, in every header form and byte order: the file opens, the good frame
/// reads, and reading the bad frame throws <see cref="TiffFormatException"/> with the file offset of exactly the
/// strip that was corrupted and its IFD index, with both backends, without allocating in proportion to
/// anything the stream claims.
/// </summary>
[Collection(DeflateBackendCollection.Name)]
public sealed class MalformedStripTests
{
    private const long AllocationBudget = 1 << 20;
    private const int Width = 8;
    private const int RowsPerStrip = 2;
    private const int StripBytes = Width * RowsPerStrip;

    private static readonly string[] s_cases =
    [
        "LZW garbage code", "LZW table code after Clear", "LZW truncated", "LZW more than the strip",
        "Deflate truncated", "Deflate bad header", "Deflate bad checksum", "Deflate bomb", "LZW byte count shorter than the stream",
        "PackBits run past the strip", "PackBits cut off",
        "Zstd garbage", "Zstd truncated", "Zstd more than the strip",
        "LZMA garbage", "LZMA truncated",
        "Deflate tile 3 corrupt",
    ];

    public static TheoryData<string, bool, bool> Rows()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var name in s_cases)
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
    public void Bad_strip_is_a_TiffFormatException_at_its_offset(string name, bool bigTiff, bool bigEndian)
    {
        var (bytes, offset, label) = Build(name, bigTiff, bigEndian);
        using var file = new TempFile(bytes);
        var inflaters = name.Contains("Deflate", StringComparison.Ordinal) ? DeflateBackends.Present : [DeflateBackends.Selected];
        var selected = DeflateBackends.Selected;
        try
        {
            foreach (var inflater in inflaters)
            {
                DeflateBackends.Selected = inflater;
                Assert.Equal(inflater, DeflateBackends.Selected);
                AssertBadStrip(file.Path, name, offset, label);
            }
        }
        finally
        {
            DeflateBackends.Selected = selected;
        }
    }

    private static void AssertBadStrip(string path, string name, long offset, string label)
    {
        foreach (var backend in HandBuiltFileTests.Backends)
        {
            using var reader = ScanImageTiffReader.Open(path, new ReaderOptions { Backend = backend, ShareMappings = false });
            Assert.Equal(2, reader.FrameCount);
            Assert.Equal(Good(), reader.GetFrameMemory<byte>(0).ToArray());

            var destination = new byte[reader.GetFrameInfo(1).ElementCount];
            reader.ReadFrame<byte>(0, new byte[Width * 4]); // warm this thread's decoders: count only the failing read
            var before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<TiffFormatException>(() => reader.ReadFrame<byte>(1, destination));
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(offset == e.FileOffset, $"{name}: expected offset {offset}, got {e.FileOffset}: {e.Message}");
            Assert.Equal(1, e.IfdIndex);
            Assert.Equal(path, e.FilePath);
            Assert.Contains(label, e.Message, StringComparison.Ordinal);
            Assert.True(allocated < AllocationBudget, $"{name}: allocated {allocated} bytes");

            // Every other read path reports the same error.
            Assert.Throws<TiffFormatException>(() => reader.ReadFrames<byte>(0, 2));
            Assert.Throws<TiffFormatException>(() => reader.ReadFramePooled<byte>(1).Dispose());
        }
    }

    [Fact]
    public void A_byte_count_far_beyond_the_stream_is_never_read_in_full()
    {
        // One LZW strip whose count claims the whole 8 MiB tail of the file: the valid stream at its start decodes,
        // and the pread backend reads at most twice the strip's decoded size, not the count.
        var b = new TiffBuilder();
        var plain = Enumerable.Range(0, StripBytes * 2).Select(i => (byte)(7 * i)).ToArray();
        var lzw = new LzwEncoder();
        var packed = new byte[lzw.MaxEncodedLength(plain.Length, Width)];
        packed = packed[..lzw.Encode(plain, Width, packed)];
        var at = b.Append(packed);
        b.Append(new byte[8 << 20]);
        b.WriteIfd(b.FrameIfd(Width, 4, 8, [at], [(8 << 20) + packed.Length], 1).Without(Tag.Compression).Ints(Tag.Compression, FieldType.Short, 5));
        using var file = new TempFile(b.ToArray());
        using var reader = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = ReadBackend.RandomAccess });
        var destination = new byte[plain.Length];

        // On a fresh thread, so its decoders and buffers are created by this read and counted.
        long allocated = -1;
        var thread = new Thread(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            reader.ReadFrame<byte>(0, destination);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        thread.Start();
        thread.Join();
        Assert.Equal(plain, destination);
        Assert.InRange(allocated, 0, 1 << 20);
    }

    private static byte[] Good() => [.. Enumerable.Range(0, Width * 4).Select(i => (byte)(i * 3))];

    /// <summary>The file's bytes, the offset of the corrupt chunk, and the words the message must contain.</summary>
    private static (byte[] Bytes, long Offset, string Label) Build(string name, bool big, bool be)
    {
        var b = new TiffBuilder(big, be);
        var goodAt = b.Append(Good());
        b.WriteIfd(b.FrameIfd(Width, 4, 8, [goodAt], [Width * 4], 1).Ascii(Tag.ImageDescription, "good"));

        var plain = Enumerable.Range(0, StripBytes).Select(i => (byte)(100 + i)).ToArray();
        if (name.Contains("tile", StringComparison.Ordinal))
        {
            // 32 x 32 image of 16 x 16 tiles; tile 3 is the corrupt one.
            var tile = Encode(new DeflateEncoder(6), new byte[256]);
            var offsets = new long[4];
            var counts = new long[4];
            for (var t = 0; t < 4; t++)
            {
                var bytes = t == 3 ? tile[..(tile.Length / 2)] : tile;
                offsets[t] = b.Append(bytes);
                counts[t] = bytes.Length;
            }

            var tiled = b.NewIfd()
                .Ints(Tag.ImageWidth, FieldType.Short, 32).Ints(Tag.ImageLength, FieldType.Short, 32)
                .Ints(Tag.BitsPerSample, FieldType.Short, 8).Ints(Tag.Compression, FieldType.Short, 8)
                .Ints(Tag.PhotometricInterpretation, FieldType.Short, 1)
                .Ints(Tag.TileWidth, FieldType.Short, 16).Ints(Tag.TileLength, FieldType.Short, 16)
                .Ints(Tag.TileOffsets, FieldType.Long, offsets).Ints(Tag.TileByteCounts, FieldType.Long, counts);
            b.WriteIfd(tiled);
            return (b.ToArray(), offsets[3], "tile 3");
        }

        var (code, good, bad, count) = Strips(name, plain);
        var goodStrip = b.Append(good);
        var badStrip = b.Append(bad);
        var ifd = b.FrameIfd(Width, 2 * RowsPerStrip, 8, [goodStrip, badStrip], [good.Length, count ?? bad.Length], 1, rowsPerStrip: RowsPerStrip)
            .Without(Tag.Compression).Ints(Tag.Compression, FieldType.Short, code);
        b.WriteIfd(ifd);
        return (b.ToArray(), badStrip, "strip 1");
    }

    private static (int Code, byte[] Good, byte[] Bad, long? Count) Strips(string name, byte[] plain)
    {
        var lzw = Encode(new LzwEncoder(), plain);
        var deflate = Encode(new DeflateEncoder(6), plain);
        var zstd = Encode(new ZstdEncoder(3), plain);
        var lzma = XzOf(plain);
        return name switch
        {
            "LZW garbage code" => (5, lzw, LzwCodes.Msb9(256, 'A', 400, 257), null),
            "LZW table code after Clear" => (5, lzw, LzwCodes.Msb9(256, 300, 257), null),
            "LZW truncated" => (5, lzw, lzw[..(lzw.Length / 2)], null),
            "LZW more than the strip" => (5, lzw, Encode(new LzwEncoder(), [.. plain, .. plain]), null),
            "Deflate truncated" => (8, deflate, deflate[..(deflate.Length / 2)], null),
            "Deflate bad header" => (32946, deflate, [0x12, .. deflate[1..]], null),
            "Deflate bad checksum" => (8, deflate, [.. deflate[..^1], (byte)(deflate[^1] ^ 0xFF)], null),
            "Deflate bomb" => (8, deflate, ZLib(new byte[16 << 20]), null),
            "LZW byte count shorter than the stream" => (5, lzw, lzw, lzw.Length - 3),
            "PackBits run past the strip" => (32773, Encode(new PackBitsEncoder(), plain), [0x81, 7, 0x81, 7], null),
            "PackBits cut off" => (32773, Encode(new PackBitsEncoder(), plain), [0x0F, 1, 2, 3], null),
            "Zstd garbage" => (50000, zstd, [.. Enumerable.Repeat((byte)0x5A, 40)], null),
            "Zstd truncated" => (50000, zstd, zstd[..(zstd.Length - 3)], null),
            "Zstd more than the strip" => (50000, zstd, Encode(new ZstdEncoder(3), [.. plain, 1]), null),
            "LZMA garbage" => (34925, lzma, [.. lzma[..12], .. Enumerable.Repeat((byte)0xA5, 40)], null),
            "LZMA truncated" => (34925, lzma, lzma[..(lzma.Length / 2)], null),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }

    private static byte[] Encode(IStripEncoder encoder, byte[] plain)
    {
        var output = new byte[encoder.MaxEncodedLength(plain.Length, Width)];
        return output[..encoder.Encode(plain, Width, output)];
    }

    private static byte[] ZLib(byte[] plain) => CodecTests.ZLib(plain);

    /// <summary>An .xz stream as Python's lzma module writes it (LZMA2, CRC-64), made by /usr/bin/python3 when present, else a fixed one.</summary>
    private static byte[] XzOf(byte[] plain)
    {
        if (!ExternalTools.HasTifffile)
        {
            return [];
        }

        var hex = ExternalTools.RunPython("import sys, lzma; print(lzma.compress(bytes.fromhex(sys.argv[1])).hex())", Convert.ToHexString(plain)).Trim();
        return Convert.FromHexString(hex);
    }
}
