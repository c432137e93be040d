using ScanImageTiff.Tests.Support;
using static ScanImageTiff.Tests.Support.TiffBuilder;

namespace ScanImageTiff.Tests.Tiff;

/// <summary>
/// Files assembled byte by byte (no engine code involved) in every header form, byte order and sample
/// type, with the strip and tag layouts real writers produce; the reader must give back exactly the
/// samples that were put in.
/// </summary>
public sealed class HandBuiltFileTests
{
    private const int Width = 5;
    private const int Height = 3;

    public static TheoryData<bool, bool, PixelType> FormsAndTypes()
    {
        var data = new TheoryData<bool, bool, PixelType>();
        foreach (var (big, be) in Forms)
        {
            foreach (var type in Samples.AllTypes)
            {
                data.Add(big, be, type);
            }
        }

        return data;
    }

    public static TheoryData<bool, bool> AllForms()
    {
        var data = new TheoryData<bool, bool>();
        foreach (var (big, be) in Forms)
        {
            data.Add(big, be);
        }

        return data;
    }

    internal static (bool BigTiff, bool BigEndian)[] Forms { get; } = [(false, false), (false, true), (true, false), (true, true)];

    /// <summary>
    /// Four frames: one aligned strip with an out-of-line description (LONG strip arrays); one strip per row,
    /// contiguous (SHORT arrays); two strips stored out of order with a gap (LONG/LONG8 arrays); no RowsPerStrip,
    /// an inline description, data at an odd offset and (for unsigned types) no SampleFormat.
    /// </summary>
    [Theory]
    [MemberData(nameof(FormsAndTypes))]
    public void Every_form_and_sample_type_reads_back_exactly(bool bigTiff, bool bigEndian, PixelType type)
    {
        var size = Samples.Size(type);
        var bits = size * 8;
        var format = Samples.Format(type);
        var rowBytes = Width * size;
        var frames = Enumerable.Range(0, 4).Select(i => Samples.Pattern(type, Width * Height, i)).ToArray();
        var b = new TiffBuilder(bigTiff, bigEndian);
        var ifds = new List<WrittenIfd>();
        var dataOffsets = new long[4];

        // Frame 0: one strip, 8-byte aligned, out-of-line description, LONG strip arrays.
        dataOffsets[0] = b.AppendSampleBytes(frames[0], size, align: 8);
        ifds.Add(b.WriteIfd(b.FrameIfd(Width, Height, bits, [dataOffsets[0]], [Width * Height * size], format, FieldType.Long, rowsPerStrip: Height)
            .Ascii(Tag.ImageDescription, "frame zero\nline two\n")));

        // Frame 1: one row per strip, contiguous, SHORT strip arrays.
        var rows = Enumerable.Range(0, Height).Select(r => frames[1].AsSpan(r * rowBytes, rowBytes).ToArray()).ToArray();
        var s1 = rows.Select(r => b.AppendSampleBytes(r, size, align: 1)).ToArray();
        dataOffsets[1] = s1[0];
        ifds.Add(b.WriteIfd(b.FrameIfd(Width, Height, bits, s1, Enumerable.Repeat((long)rowBytes, Height).ToArray(), format, FieldType.Short, rowsPerStrip: 1)));

        // Frame 2: strips of two rows and one row; strip 1 is stored first, then a gap, then strip 0.
        var strip0 = frames[2].AsSpan(0, 2 * rowBytes).ToArray();
        var strip1 = frames[2].AsSpan(2 * rowBytes).ToArray();
        var at1 = b.AppendSampleBytes(strip1, size);
        b.Append([0xEE, 0xEE, 0xEE], align: 1);
        var at0 = b.AppendSampleBytes(strip0, size, align: 1);
        dataOffsets[2] = at0;
        ifds.Add(b.WriteIfd(b.FrameIfd(Width, Height, bits, [at0, at1], [strip0.Length, strip1.Length], format, rowsPerStrip: 2)));

        // Frame 3: no RowsPerStrip, description inline ("ab" + NUL fits every value field), data at an odd
        // offset, and no SampleFormat when the type is unsigned (absent means unsigned).
        b.Append([0x55], align: 2);
        dataOffsets[3] = b.AppendSampleBytes(frames[3], size, align: 1);
        Assert.Equal(1, dataOffsets[3] % 2);
        ifds.Add(b.WriteIfd(b.FrameIfd(Width, Height, bits, [dataOffsets[3]], [frames[3].Length], format == 1 ? null : format)
            .Ascii(Tag.ImageDescription, "ab")));

        using var file = new TempFile(b.ToArray());
        foreach (var backend in Backends)
        {
            using var r = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend });
            Assert.Equal(4, r.FrameCount);
            Assert.Null(r.Damage);
            Assert.True(r.IsChainComplete);
            Assert.True(r.IsUniform);
            Assert.Equal(bigTiff, r.IsBigTiff);
            Assert.Equal(bigEndian ? TiffByteOrder.BigEndian : TiffByteOrder.LittleEndian, r.ByteOrder);
            Assert.Equal((4, Height, Width, 1, type), r.GetStackShape());
            for (var i = 0; i < 4; i++)
            {
                var info = r.GetFrameInfo(i);
                Assert.Equal(new FrameInfo(i, Width, Height, 1, bits, type, null, Width * Height * size, i != 2, ifds[i].Offset, dataOffsets[i]), info);
                var zeroCopy = backend == ReadBackend.Mapped && i != 2 && (!bigEndian || size == 1);
                Samples.Run(type, new FrameCheck(r, i, frames[i], zeroCopy));
            }

            Assert.Equal("frame zero\nline two\n", r.GetDescription(0));
            Assert.Equal("frame zero\nline two\n\0"u8.ToArray(), r.GetDescriptionBytes(0));
            Assert.Equal(string.Empty, r.GetDescription(1));
            Assert.Empty(r.GetDescriptionBytes(2));
            Assert.Equal(0, r.GetDescriptionByteCount(2));
            Assert.Equal("ab", r.GetDescription(3));
            Assert.Equal(3, r.GetDescriptionByteCount(3));
            Assert.Equal("ab\0"u8.ToArray(), r.GetDescriptionBytes(3));
        }
    }

    [Theory]
    [MemberData(nameof(AllForms))]
    public void Missing_SampleFormat_means_unsigned(bool bigTiff, bool bigEndian)
    {
        var b = new TiffBuilder(bigTiff, bigEndian);
        var expected = new[] { PixelType.UInt8, PixelType.UInt16, PixelType.UInt32, PixelType.UInt64 };
        var frames = expected.Select((t, i) => Samples.Pattern(t, 6, i)).ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            var size = Samples.Size(expected[i]);
            var at = b.AppendSampleBytes(frames[i], size);
            b.WriteIfd(b.FrameIfd(3, 2, size * 8, [at], [frames[i].Length]));
        }

        using var file = new TempFile(b.ToArray());
        using var r = ScanImageTiffReader.Open(file.Path);
        Assert.Equal(expected, Enumerable.Range(0, 4).Select(i => r.GetFrameInfo(i).PixelType!.Value));
        Assert.False(r.IsUniform);
        for (var i = 0; i < expected.Length; i++)
        {
            var bytes = new byte[frames[i].Length];
            r.ReadFramesLittleEndian(i, i + 1, bytes);
            Assert.Equal(frames[i], bytes);
        }
    }

    [Theory]
    [MemberData(nameof(AllForms))]
    public void Strip_byte_counts_larger_than_needed_and_extra_strips_are_tolerated(bool bigTiff, bool bigEndian)
    {
        // Some writers round strip sizes up or list a spare strip; the rows still come from the right bytes.
        var b = new TiffBuilder(bigTiff, bigEndian);
        var pixels = Samples.Values<ushort>(4 * 4, 3);
        var at = b.AppendSamples<ushort>(pixels);
        b.Append(new byte[16]);
        b.WriteIfd(b.FrameIfd(4, 4, 16, [at, at + 16, at + 32], [20, 20, 4], 1, rowsPerStrip: 2));

        using var file = new TempFile(b.ToArray());
        using var r = ScanImageTiffReader.Open(file.Path);
        Assert.True(r.GetFrameInfo(0).IsContiguous);
        Assert.Equal(32, r.GetFrameInfo(0).ByteCount);
        Assert.Equal(pixels, r.GetFrameMemory<ushort>(0).ToArray());
    }

    [Theory]
    [InlineData(false, FieldType.Short, 2)]
    [InlineData(true, FieldType.Short, 4)]
    [InlineData(true, FieldType.Long, 2)]
    [InlineData(false, FieldType.Byte, 4)]
    public void Multi_value_strip_arrays_stored_inline(bool bigTiff, ushort stripType, int strips)
    {
        // Two SHORTs fill a classic value field, four SHORTs or two LONGs a BigTIFF one: no offset, the values.
        foreach (var bigEndian in new[] { false, true })
        {
            var b = new TiffBuilder(bigTiff, bigEndian);
            var pixels = Samples.Pattern(PixelType.UInt8, 2 * strips, 4);
            var offsets = new long[strips];
            for (var s = strips - 1; s >= 0; s--)
            {
                offsets[s] = b.Append(pixels.AsSpan(s * 2, 2), align: 1);
            }

            var ifd = b.WriteIfd(b.FrameIfd(2, strips, 8, offsets, Enumerable.Repeat(2L, strips).ToArray(), stripType: stripType, rowsPerStrip: 1));
            Assert.Equal(ifd.ValueAt(Tag.StripOffsets), ifd.DataAt(Tag.StripOffsets));
            Assert.Equal(ifd.ValueAt(Tag.StripByteCounts), ifd.DataAt(Tag.StripByteCounts));

            using var file = new TempFile(b.ToArray());
            using var r = ScanImageTiffReader.Open(file.Path);
            Assert.False(r.GetFrameInfo(0).IsContiguous);
            Assert.Equal(pixels, r.GetFrameMemory<byte>(0).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(AllForms))]
    public void Descriptions_at_the_inline_boundary(bool bigTiff, bool bigEndian)
    {
        // A value of exactly one field (4 bytes classic, 8 BigTIFF) is stored in the entry; one byte more is not.
        var b = new TiffBuilder(bigTiff, bigEndian);
        var fits = new string('x', b.OffsetSize - 1);
        var spills = new string('y', b.OffsetSize);
        var first = b.WriteIfd(b.FrameIfd(1, 1, 8, [b.Append([7])], [1]).Ascii(Tag.ImageDescription, fits));
        var second = b.WriteIfd(b.FrameIfd(1, 1, 8, [b.Append([8])], [1]).Ascii(Tag.ImageDescription, spills));
        Assert.Equal(first.ValueAt(Tag.ImageDescription), first.DataAt(Tag.ImageDescription));
        Assert.True(second.DataAt(Tag.ImageDescription) > second.NextAt);

        using var file = new TempFile(b.ToArray());
        foreach (var backend in Backends)
        {
            using var r = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend });
            Assert.Equal(fits, r.GetDescription(0));
            Assert.Equal(spills, r.GetDescription(1));
            Assert.Equal(b.OffsetSize, r.GetDescriptionByteCount(0));
            Assert.Equal(b.OffsetSize + 1, r.GetDescriptionByteCount(1));
            Assert.Equal(System.Text.Encoding.ASCII.GetBytes(spills + "\0"), r.GetDescriptionSpan(1, new byte[64]).ToArray());
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(14)]
    [InlineData(99)]
    [InlineData(0xFFFF)]
    public void Unknown_type_codes_on_tags_the_reader_does_not_need_are_ignored(int typeCode)
    {
        foreach (var (big, be) in Forms)
        {
            var b = new TiffBuilder(big, be);
            var pixels = Samples.Values<short>(6, 1);
            var at = b.AppendSamples<short>(pixels);
            var ifd = b.FrameIfd(3, 2, 16, [at], [12], 2)
                .Field(65000, (ushort)typeCode, 3, 12345)
                .Field(700, (ushort)typeCode, 1UL << 40, 1UL << 31)      // huge count, data "past the end"
                .Field(33550, 12, 3, (ulong)b.Length * 1000)             // DOUBLE array far past the end
                .Field(Tag.Software, (ushort)typeCode, 10, 0)
                .Field(Tag.Artist, FieldType.Ascii, 1UL << 60, 16)        // only cross-checks the ScanImage block
                .Ascii(Tag.ImageDescription, "still readable");
            ifd.Entries.Insert(0, (42, (ushort)typeCode, 1, null, 7)); // unsorted, before ImageWidth
            b.WriteIfd(ifd);

            using var file = new TempFile(b.ToArray());
            using var r = ScanImageTiffReader.Open(file.Path);
            Assert.Equal(1, r.FrameCount);
            Assert.Null(r.Damage);
            Assert.Equal(pixels, r.GetFrameMemory<short>(0).ToArray());
            Assert.Equal("still readable", r.GetDescription(0));
        }
    }

    [Theory]
    [InlineData(Tag.ImageWidth, 0)]
    [InlineData(Tag.ImageLength, 14)]
    [InlineData(Tag.BitsPerSample, 99)]
    [InlineData(Tag.StripOffsets, 0)]
    [InlineData(Tag.StripByteCounts, 14)]
    [InlineData(Tag.SampleFormat, 99)]
    [InlineData(Tag.RowsPerStrip, 0xFFFF)]
    [InlineData(Tag.ImageDescription, 14)]
    public void Unknown_type_code_on_a_needed_tag_is_a_format_error(ushort tag, int typeCode)
    {
        foreach (var (big, be) in Forms)
        {
            var b = new TiffBuilder(big, be);
            b.WriteIfd(b.FrameIfd(3, 2, 8, [b.Append(new byte[6])], [6], 1, rowsPerStrip: 2).Ascii(Tag.ImageDescription, "x"));
            var second = b.WriteIfd(b.FrameIfd(3, 2, 8, [b.Append(new byte[6])], [6], 1, rowsPerStrip: 2).Ascii(Tag.ImageDescription, "y"));
            b.Patch(second.TypeAt(tag), (ulong)typeCode, 2);

            using var file = new TempFile(b.ToArray());
            var e = Assert.Throws<TiffFormatException>(() => ScanImageTiffReader.Open(file.Path));
            Assert.Equal(second.EntryAt(tag), e.FileOffset);
            Assert.Equal(1, e.IfdIndex);
            Assert.Contains($"type {typeCode}", e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(AllForms))]
    public void SHORT_image_size_and_BYTE_sample_format_are_read(bool bigTiff, bool bigEndian)
    {
        // Writers pick SHORT or LONG for sizes; some use BYTE for small enumerations.
        var b = new TiffBuilder(bigTiff, bigEndian);
        var pixels = Samples.Values<int>(6, 2);
        var at = b.AppendSamples<int>(pixels);
        var ifd = b.FrameIfd(3, 2, 32, [at], [24])
            .Without(Tag.ImageWidth).Without(Tag.ImageLength)
            .Ints(Tag.ImageWidth, FieldType.Short, 3)
            .Ints(Tag.ImageLength, FieldType.Short, 2)
            .Ints(Tag.SampleFormat, FieldType.Byte, 2);
        b.WriteIfd(ifd);

        using var file = new TempFile(b.ToArray());
        using var r = ScanImageTiffReader.Open(file.Path);
        Assert.Equal(PixelType.Int32, r.GetFrameInfo(0).PixelType);
        Assert.Equal(pixels, r.GetFrameMemory<int>(0).ToArray());
    }

    [Theory]
    [MemberData(nameof(AllForms))]
    public void Interleaved_samples_per_pixel_read_as_one_run(bool bigTiff, bool bigEndian)
    {
        var b = new TiffBuilder(bigTiff, bigEndian);
        var pixels = Samples.Values<ushort>(4 * 2 * 3, 5);
        var at = b.AppendSamples<ushort>(pixels);
        b.WriteIfd(b.FrameIfd(4, 2, 16, [at], [pixels.Length * 2], 1, samplesPerPixel: 3));

        using var file = new TempFile(b.ToArray());
        using var r = ScanImageTiffReader.Open(file.Path);
        var info = r.GetFrameInfo(0);
        Assert.Equal((3, 24L, PixelType.UInt16), (info.SamplesPerPixel, info.ElementCount, info.PixelType!.Value));
        Assert.Equal((1, 2, 4, 3, PixelType.UInt16), r.GetStackShape());
        Assert.Equal(pixels, r.ReadFrames<ushort>(0, 1));
    }

    internal static ReadBackend[] Backends { get; } = [ReadBackend.Mapped, ReadBackend.RandomAccess];

    /// <summary>Reads one frame through every typed path and compares with the samples that were written.</summary>
    private readonly struct FrameCheck(ScanImageTiffReader reader, int frame, byte[] expected, bool zeroCopy) : ISampleAction
    {
        public void Run<T>()
            where T : unmanaged
        {
            Assert.Equal(zeroCopy, reader.TryGetFrameMemory<T>(frame, out var zero));
            if (zeroCopy)
            {
                Assert.Equal(expected, Samples.Bytes(zero.Span));
            }

            Assert.Equal(expected, Samples.Bytes(reader.GetFrameMemory<T>(frame).Span));
            var copy = new T[Width * Height + 1];
            reader.ReadFrame<T>(frame, copy);
            Assert.Equal(expected, Samples.Bytes<T>(copy.AsSpan(0, Width * Height)));
            var le = new byte[expected.Length];
            reader.ReadFramesLittleEndian(frame, frame + 1, le);
            Assert.Equal(expected, le);
        }
    }
}
