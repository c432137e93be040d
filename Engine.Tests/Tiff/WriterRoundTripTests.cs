using System.Text;

namespace ScanImageTiff.Tests.Tiff;

/// <summary>
/// What <see cref="TiffStackWriter"/> writes reads back exactly, and its structure (checked by parsing the
/// IFDs with <see cref="RawTiff"/>, not with the engine) is what TIFF and ScanImage files look like.
/// </summary>
public sealed class WriterRoundTripTests
{
    public static TheoryData<PixelType, bool, bool, int> Rows()
    {
        var data = new TheoryData<PixelType, bool, bool, int>();
        foreach (var type in Samples.AllTypes)
        {
            foreach (var (big, be) in HandBuiltFileTests.Forms)
            {
                foreach (var rowsPerStrip in new[] { 0, 2 })
                {
                    data.Add(type, big, be, rowsPerStrip);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Every_sample_type_form_and_strip_layout_round_trips(PixelType type, bool bigTiff, bool bigEndian, int rowsPerStrip)
    {
        const int width = 5, height = 3;
        var size = Samples.Size(type);
        using var file = new TempFile();
        var frames = Enumerable.Range(0, 3).Select(i => Samples.Pattern(type, width * height, i)).ToArray();
        var options = new TiffWriterOptions
        {
            BigTiff = bigTiff,
            ByteOrder = bigEndian ? TiffByteOrder.BigEndian : TiffByteOrder.LittleEndian,
            RowsPerStrip = rowsPerStrip,
        };
        using (var w = TiffStackWriter.Create(file.Path, options))
        {
            for (var i = 0; i < frames.Length; i++)
            {
                w.AppendFrame(frames[i], type, width, height, i == 1 ? null : $"frame {i}");
            }

            Assert.Equal(3, w.FrameCount);
            Assert.Equal(new FileInfo(file.Path).Length, w.Length);
        }

        // The structure, parsed independently.
        var raw = new RawTiff(file.ReadAllBytes());
        Assert.Equal(bigTiff, raw.BigTiff);
        Assert.Equal(bigEndian, raw.BigEndian);
        var ifds = raw.IfdOffsets();
        Assert.Equal(3, ifds.Count);
        var strips = rowsPerStrip == 0 ? 1 : 2;
        foreach (var ifd in ifds)
        {
            var tags = raw.Entries(ifd).Select(e => e.Tag).ToArray();
            Assert.Equal(tags.Order(), tags);
            Assert.Equal(width, raw.Value(raw.Find(ifd, 256)));
            Assert.Equal(height, raw.Value(raw.Find(ifd, 257)));
            Assert.Equal(size * 8, raw.Value(raw.Find(ifd, 258)));
            Assert.Equal(Samples.Format(type), raw.Value(raw.Find(ifd, 339)));
            Assert.Equal(rowsPerStrip == 0 ? height : rowsPerStrip, raw.Value(raw.Find(ifd, 278)));
            var offsets = raw.Find(ifd, 273);
            var counts = raw.Find(ifd, 279);
            Assert.Equal(strips, offsets.Count);
            Assert.Equal(strips, counts.Count);
            Assert.Equal(width * height * size, Enumerable.Range(0, strips).Sum(s => raw.Value(counts, s)));
        }

        foreach (var backend in HandBuiltFileTests.Backends)
        {
            using var r = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend });
            Assert.Equal(3, r.FrameCount);
            Assert.Null(r.Damage);
            Assert.Equal((3, height, width, 1, type), r.GetStackShape());
            for (var i = 0; i < 3; i++)
            {
                var info = r.GetFrameInfo(i);
                Assert.Equal(ifds[i], info.IfdOffset);
                Assert.Equal(raw.Value(raw.Find(ifds[i], 273)), info.DataOffset);
                Assert.True(info.IsContiguous);
                var bytes = new byte[frames[i].Length];
                r.ReadFramesLittleEndian(i, i + 1, bytes);
                Assert.Equal(frames[i], bytes);
            }

            var all = new byte[r.GetByteCount(0, 3)];
            r.ReadFramesLittleEndian(0, 3, all);
            Assert.Equal(frames.SelectMany(f => f).ToArray(), all);
            Assert.Equal("frame 0", r.GetDescription(0));
            Assert.Equal(0, r.GetDescriptionByteCount(1));
            Assert.Equal("frame 2\0"u8.ToArray(), r.GetDescriptionBytes(2));
        }
    }

    [Fact]
    public void ScanImage_layout_matches_real_files()
    {
        var section0 = "SI.VERSION_MAJOR = 2023\nSI.hRoiManager.linesPerFrame = 3\n"u8.ToArray();
        var section1 = "{\"RoiGroups\": {}}"u8.ToArray();
        using var file = new TempFile();
        var frames = Enumerable.Range(0, 3).Select(i => Samples.Values<short>(4 * 3, i)).ToArray();
        using (var w = TiffStackWriter.Create(file.Path, TiffWriterOptions.ScanImage(section0, section1)))
        {
            for (var i = 0; i < frames.Length; i++)
            {
                w.AppendFrame<short>(frames[i], 4, 3, $"frameNumbers = {i + 1}\nacquisitionNumbers = 1\n");
            }
        }

        var raw = new RawTiff(file.ReadAllBytes());
        var bytes = raw.File;
        Assert.True(raw.BigTiff);
        Assert.False(raw.BigEndian);

        // The 16-byte ScanImage block at 16: magic, version, n0 and n1 with their NULs, then the sections.
        var n0 = section0.Length + 1;
        var n1 = section1.Length + 1;
        Assert.Equal(new byte[] { 0x01, 0x03, 0x03, 0x07 }, bytes[16..20]);
        Assert.Equal((4UL, (ulong)n0, (ulong)n1), (raw.U(20, 4), raw.U(24, 4), raw.U(28, 4)));
        Assert.Equal([.. section0, 0, .. section1, 0], bytes[32..(32 + n0 + n1)]);
        Assert.True(raw.FirstIfd >= 32 + n0 + n1);

        foreach (var ifd in raw.IfdOffsets())
        {
            var entries = raw.Entries(ifd);
            Assert.Equal(
                new ushort[] { 256, 257, 258, 259, 262, 270, 273, 274, 277, 278, 279, 282, 283, 284, 296, 305, 315, 339 },
                entries.Select(e => e.Tag).ToArray());
            var software = raw.Find(ifd, 305);
            var artist = raw.Find(ifd, 315);
            Assert.Equal((2, (long)n0, 32L), (software.Type, software.Count, software.DataAt));
            Assert.Equal((2, (long)n1, 32L + n0), (artist.Type, artist.Count, artist.DataAt));
            var description = raw.Find(ifd, 270);
            Assert.Equal(2001, description.Count);
            Assert.Equal(ifd + raw.IfdSize(ifd), description.DataAt);
            Assert.Equal(0, raw.File[description.DataAt + 2000]);
            Assert.Equal(2384, raw.Value(raw.Find(ifd, 273)) - ifd);
            Assert.Equal(16, raw.Find(ifd, 273).Type); // LONG8, one value inline
            Assert.Equal(2, raw.Value(raw.Find(ifd, 339)));
        }

        // Like real files: the next IFD follows the pixels directly, and the file ends with the last strip.
        var offsets = raw.IfdOffsets();
        Assert.Equal(2384 + 24, offsets[1] - offsets[0]);
        Assert.Equal(bytes.Length, raw.Value(raw.Find(offsets[2], 273)) + 24);

        foreach (var backend in HandBuiltFileTests.Backends)
        {
            using var r = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend });
            Assert.Equal(4, r.ScanImageBlockVersion);
            Assert.Equal([.. section0, 0], r.GetScanImageSectionBytes(0));
            Assert.Equal([.. section1, 0], r.GetScanImageSectionBytes(1));
            Assert.Equal(2001, r.GetDescriptionByteCount(1));
            Assert.Equal(2001, r.GetDescriptionBytes(1).Length);
            Assert.Equal("frameNumbers = 2\nacquisitionNumbers = 1\n", r.GetDescription(1));
            Assert.Equal(frames.SelectMany(f => f).ToArray(), r.ReadFrames<short>(0, 3));
            Assert.Equal(Encoding.ASCII.GetBytes(new string(' ', 1)), r.GetDescriptionBytes(0)[1999..2000]);
        }
    }

    [Fact]
    public void Tiny_ScanImage_sections_are_stored_inline_as_TIFF_requires()
    {
        // A section of at most 8 bytes (NUL included) must sit in the Software/Artist value field itself;
        // an offset there would be read as the text by any TIFF reader.
        var section0 = "SI.a = 1\nSI.b = 2\n"u8.ToArray();
        using var file = new TempFile();
        using (var w = TiffStackWriter.Create(file.Path, TiffWriterOptions.ScanImage(section0, "{}"u8.ToArray())))
        {
            w.AppendFrame<short>(new short[4], 2, 2, "x");
        }

        var raw = new RawTiff(file.ReadAllBytes());
        var artist = raw.Find(raw.FirstIfd, 315);
        Assert.Equal(3, artist.Count);
        Assert.Equal("{}\0"u8.ToArray(), raw.Data(artist));
        Assert.Equal(artist.EntryAt + 12, artist.DataAt);

        using var r = ScanImageTiffReader.Open(file.Path);
        Assert.Equal("{}\0"u8.ToArray(), r.GetScanImageSectionBytes(1));
    }

    [Fact]
    public void Frames_of_differing_sizes()
    {
        using var file = new TempFile();
        var a = Samples.Values<ushort>(4 * 3, 0);
        var b = Samples.Values<ushort>(6 * 2, 1);
        var c = Samples.Values<ushort>(1 * 7, 2);
        using (var w = TiffStackWriter.Create(file.Path, new TiffWriterOptions { BigTiff = false, RowsPerStrip = 1 }))
        {
            w.AppendFrame<ushort>(a, 4, 3);
            w.AppendFrame<ushort>(b, 6, 2);
            w.AppendFrame<ushort>(c, 1, 7);
            w.AppendFrame<ushort>(a, 4, 3);
        }

        foreach (var backend in HandBuiltFileTests.Backends)
        {
            using var r = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend });
            Assert.False(r.IsUniform);
            var e = Assert.Throws<InvalidOperationException>(() => r.GetStackShape());
            Assert.Contains("frame 1", e.Message, StringComparison.Ordinal);
            Assert.Equal((4, 3), (r.GetFrameInfo(0).Width, r.GetFrameInfo(0).Height));
            Assert.Equal((6, 2, 24L), (r.GetFrameInfo(1).Width, r.GetFrameInfo(1).Height, r.GetFrameInfo(1).ByteCount));
            Assert.Equal((1, 7, 14L), (r.GetFrameInfo(2).Width, r.GetFrameInfo(2).Height, r.GetFrameInfo(2).ByteCount));
            Assert.Throws<InvalidOperationException>(() => r.RequireUniform(0, 2));
            r.RequireUniform(3, 4);
            r.RequireUniform(4, 4);
            r.RequireUniform(0, 0);
            r.RequireUniform(2, 3);
            Assert.Equal(0, r.GetElementCount(4, 4));
            Assert.Empty(r.ReadFrames<ushort>(4, 4));
            Assert.Equal(12 + 12 + 7 + 12, r.GetElementCount(0, 4));
            Assert.Equal([.. a, .. b, .. c, .. a], r.ReadFrames<ushort>(0, 4));
            Assert.Equal(b, r.GetFrameMemory<ushort>(1).ToArray());
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Wide_tall_and_interleaved_frames(bool bigTiff)
    {
        using var file = new TempFile();
        var wide = Samples.Values<byte>(70_000, 1);
        var tall = Samples.Values<sbyte>(70_000, 2);
        var rgb = Samples.Values<ushort>(5 * 2 * 3, 3);
        using (var w = TiffStackWriter.Create(file.Path, new TiffWriterOptions { BigTiff = bigTiff, ByteOrder = TiffByteOrder.BigEndian }))
        {
            w.AppendFrame<byte>(wide, 70_000, 1, "größe µm");
            w.AppendFrame<sbyte>(tall, 1, 70_000);
            w.AppendFrame<ushort>(rgb, 5, 2, samplesPerPixel: 3);
        }

        var raw = new RawTiff(file.ReadAllBytes());
        var ifds = raw.IfdOffsets();
        Assert.Equal(4, raw.Find(ifds[0], 256).Type); // LONG: 70 000 does not fit a SHORT
        Assert.Equal(70_000, raw.Value(raw.Find(ifds[1], 257)));
        Assert.Equal(70_000, raw.Value(raw.Find(ifds[1], 278)));
        var bits = raw.Find(ifds[2], 258);
        Assert.Equal(3, bits.Count);
        Assert.Equal([16L, 16L, 16L], Enumerable.Range(0, 3).Select(i => raw.Value(bits, i)));
        Assert.Equal(3, raw.Value(raw.Find(ifds[2], 277)));
        Assert.Equal(2, raw.Value(raw.Find(ifds[2], 262)));

        foreach (var backend in HandBuiltFileTests.Backends)
        {
            using var r = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend });
            Assert.Equal(wide, r.GetFrameMemory<byte>(0).ToArray());
            Assert.Equal(tall, r.GetFrameMemory<sbyte>(1).ToArray());
            Assert.Equal(rgb, r.GetFrameMemory<ushort>(2).ToArray());
            Assert.Equal((5, 2, 3), (r.GetFrameInfo(2).Width, r.GetFrameInfo(2).Height, r.GetFrameInfo(2).SamplesPerPixel));
            Assert.Equal("größe µm", r.GetDescription(0));
        }
    }

    [Fact]
    public void Frames_of_differing_types_cannot_be_read_as_one_type()
    {
        using var file = new TempFile();
        using (var w = TiffStackWriter.Create(file.Path))
        {
            w.AppendFrame<ushort>(new ushort[] { 1, 2, 3, 4 }, 2, 2);
            w.AppendFrame<float>(new float[] { 1.5f, -2, 3, 4 }, 2, 2);
        }

        using var r = ScanImageTiffReader.Open(file.Path);
        var e = Assert.Throws<ArgumentException>(() => r.ReadFrames<ushort>(0, 2));
        Assert.Contains("float32", e.Message, StringComparison.Ordinal);
        Assert.Equal(new float[] { 1.5f, -2, 3, 4 }, r.ReadFrames<float>(1, 2));
        var le = new byte[r.GetByteCount(0, 2)];
        r.ReadFramesLittleEndian(0, 2, le);
        Assert.Equal(8 + 16, le.Length);
    }

    [Fact]
    public void Classic_TIFF_refuses_to_grow_past_4_GiB()
    {
        using var file = new TempFile();
        using var w = TiffStackWriter.Create(file.Path, new TiffWriterOptions { BigTiff = false });
        var e = Assert.Throws<IOException>(() =>
        {
            for (var i = 0; i < 5; i++)
            {
                w.AppendSparseFrame(PixelType.UInt16, 32768, 16384);
            }
        });
        Assert.Contains("4 GiB", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, w.FrameCount);
    }
}
