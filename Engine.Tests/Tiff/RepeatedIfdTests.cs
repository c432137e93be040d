using ScanImageTiff.Tests.Support;

namespace ScanImageTiff.Tests.Tiff;

/// <summary>
/// Stacks whose IFDs repeat one another but for their offsets, the shape the indexer checks against the
/// previous IFD instead of decoding each entry. Every file is built byte by byte; the fourth IFD (index 3)
/// changes one field, so the indexer has seen three equal IFDs before it. Whatever the change, the result
/// must be what decoding every IFD on its own gives: the right shape per frame, the right pixels and
/// descriptions, and the same damage or error, at the same offset, for a field that points outside the file.
/// </summary>
public sealed class RepeatedIfdTests
{
    private const int Frames = 6;
    private const int Changed = 3;

    public static TheoryData<string, bool, bool> Changes()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var change in new[] { "none", "width", "bits", "sample format", "rows per strip", "two strips", "ignored tags", "inline description", "no description", "description type" })
        {
            foreach (var (big, be) in HandBuiltFileTests.Forms)
            {
                data.Add(change, big, be);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public void A_changed_field_in_a_repeated_ifd_gives_the_decoded_result(string change, bool bigTiff, bool bigEndian)
    {
        var b = new TiffBuilder(bigTiff, bigEndian);
        var expected = new List<(int Width, int Height, int Bits, PixelType Type, byte[] Pixels, string? Description, long DataOffset)>();
        for (var i = 0; i < Frames; i++)
        {
            var changed = i == Changed;
            var (width, bits, type) = (changed, change) switch
            {
                (true, "width") => (6, 16, PixelType.UInt16),
                (true, "bits") => (4, 8, PixelType.UInt8),
                (true, "sample format") => (4, 16, PixelType.Int16),
                _ => (4, 16, PixelType.UInt16),
            };
            const int height = 3;
            var pixels = Samples.Pattern(type, width * height, i);
            var size = bits / 8;
            var ifd = b.NewIfd()
                .Ints(TiffBuilder.Tag.ImageWidth, TiffBuilder.FieldType.Long, width)
                .Ints(TiffBuilder.Tag.ImageLength, TiffBuilder.FieldType.Short, height)
                .Ints(TiffBuilder.Tag.BitsPerSample, TiffBuilder.FieldType.Short, bits);

            // Descriptions of different lengths: the length is one of the fields read from each IFD.
            string? description = $"frame {i}" + new string('.', 10 + (3 * i));
            if (changed && change == "inline description")
            {
                description = "ab";
            }

            if (changed && change == "no description")
            {
                description = null;
            }
            else if (changed && change == "description type")
            {
                ifd.Raw(TiffBuilder.Tag.ImageDescription, TiffBuilder.FieldType.Byte, (ulong)description.Length + 1, [.. System.Text.Encoding.ASCII.GetBytes(description), 0]);
            }
            else
            {
                ifd.Ascii(TiffBuilder.Tag.ImageDescription, description);
            }

            if (change == "ignored tags")
            {
                // XResolution (out of line, its pointer differs per IFD) and a private tag whose inline value differs.
                ifd.Raw(282, TiffBuilder.FieldType.Rational, 1, [(byte)(i + 1), 0, 0, 0, 1, 0, 0, 0]);
                ifd.Ints(65000, TiffBuilder.FieldType.Long, i * 7919);
            }

            var stripType = bigTiff ? TiffBuilder.FieldType.Long8 : TiffBuilder.FieldType.Long;
            long dataOffset;
            if (changed && change == "two strips")
            {
                var rowBytes = width * size;
                var first = b.AppendSampleBytes(pixels.AsSpan(0, 2 * rowBytes), size);
                b.Append(new byte[6]);
                var second = b.AppendSampleBytes(pixels.AsSpan(2 * rowBytes), size);
                ifd.Ints(TiffBuilder.Tag.StripOffsets, stripType, first, second)
                    .Ints(TiffBuilder.Tag.RowsPerStrip, TiffBuilder.FieldType.Short, 2)
                    .Ints(TiffBuilder.Tag.StripByteCounts, stripType, 2 * rowBytes, rowBytes);
                dataOffset = first;
            }
            else
            {
                dataOffset = b.AppendSampleBytes(pixels, size);
                ifd.Ints(TiffBuilder.Tag.StripOffsets, stripType, dataOffset)
                    .Ints(TiffBuilder.Tag.RowsPerStrip, TiffBuilder.FieldType.Short, changed && change == "rows per strip" ? 7 : height)
                    .Ints(TiffBuilder.Tag.StripByteCounts, stripType, pixels.Length);
            }

            if (type == PixelType.Int16)
            {
                ifd.Ints(TiffBuilder.Tag.SampleFormat, TiffBuilder.FieldType.Short, 2);
            }
            else if (change == "sample format")
            {
                ifd.Ints(TiffBuilder.Tag.SampleFormat, TiffBuilder.FieldType.Short, 1);
            }

            b.WriteIfd(ifd);
            expected.Add((width, height, bits, type, pixels, description, dataOffset));
        }

        using var file = new TempFile(b.ToArray());
        foreach (var backend in HandBuiltFileTests.Backends)
        {
            using var r = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend });
            Assert.Equal(Frames, r.FrameCount);
            Assert.Null(r.Damage);
            Assert.Equal(change is "none" or "ignored tags" or "inline description" or "no description" or "description type" or "rows per strip" or "two strips", r.IsUniform);
            for (var i = 0; i < Frames; i++)
            {
                var e = expected[i];
                var info = r.GetFrameInfo(i);
                Assert.Equal((e.Width, e.Height, e.Bits, e.Type, e.DataOffset), (info.Width, info.Height, info.BitsPerSample, info.PixelType!.Value, info.DataOffset));
                Assert.Equal(e.Pixels, ReadNativeBytes(r, i, e.Type));
                Assert.Equal(e.Description ?? string.Empty, r.GetDescription(i));
            }
        }
    }

    public static TheoryData<string, bool, bool> Faults()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var fault in new[] { "description past end", "description count past end", "strip past end", "strip too short", "strip count zero" })
        {
            foreach (var (big, be) in HandBuiltFileTests.Forms)
            {
                data.Add(fault, big, be);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public void A_bad_field_in_a_repeated_ifd_is_reported_at_its_entry(string fault, bool bigTiff, bool bigEndian)
    {
        var b = new TiffBuilder(bigTiff, bigEndian);
        var written = new List<TiffBuilder.WrittenIfd>();
        var stripType = bigTiff ? TiffBuilder.FieldType.Long8 : TiffBuilder.FieldType.Long;
        for (var i = 0; i < Frames; i++)
        {
            var pixels = Samples.Pattern(PixelType.UInt16, 4 * 3, i);
            var at = b.AppendSampleBytes(pixels, 2);
            written.Add(b.WriteIfd(b.FrameIfd(4, 3, 16, [at], [pixels.Length], stripType: stripType).Ascii(TiffBuilder.Tag.ImageDescription, $"frame {i} with a description longer than a value field")));
        }

        var bad = written[Changed];
        var beyond = (ulong)b.Length + 100;
        var (at2, expectDamage) = fault switch
        {
            "description past end" => (Patch(() => b.PatchOffset(bad.ValueAt(TiffBuilder.Tag.ImageDescription), beyond), bad.EntryAt(TiffBuilder.Tag.ImageDescription)), true),
            "description count past end" => (Patch(() => b.Patch(bad.CountAt(TiffBuilder.Tag.ImageDescription), (ulong)b.Length, bigTiff ? 8 : 4), bad.EntryAt(TiffBuilder.Tag.ImageDescription)), true),
            "strip past end" => (Patch(() => b.PatchOffset(bad.ValueAt(TiffBuilder.Tag.StripOffsets), beyond), bad.EntryAt(TiffBuilder.Tag.StripOffsets)), true),
            "strip too short" => (Patch(() => b.PatchOffset(bad.ValueAt(TiffBuilder.Tag.StripByteCounts), 23), bad.EntryAt(TiffBuilder.Tag.StripByteCounts)), false),
            "strip count zero" => (Patch(() => b.Patch(bad.CountAt(TiffBuilder.Tag.StripOffsets), 0, bigTiff ? 8 : 4), bad.EntryAt(TiffBuilder.Tag.StripByteCounts)), false),
            _ => throw new ArgumentOutOfRangeException(nameof(fault)),
        };

        using var file = new TempFile(b.ToArray());
        foreach (var backend in HandBuiltFileTests.Backends)
        {
            var options = new ReaderOptions { Backend = backend };
            if (expectDamage)
            {
                using var r = ScanImageTiffReader.Open(file.Path, options);
                Assert.Equal(Changed, r.FrameCount);
                Assert.NotNull(r.Damage);
                Assert.Equal((at2, Changed), (r.Damage.FileOffset, r.Damage.IfdIndex));
                Assert.Equal(Samples.Pattern(PixelType.UInt16, 4 * 3, Changed - 1), ReadNativeBytes(r, Changed - 1, PixelType.UInt16));
            }
            else
            {
                var e = Assert.Throws<TiffFormatException>(() => ScanImageTiffReader.Open(file.Path, options));
                Assert.Equal((at2, Changed), (e.FileOffset, e.IfdIndex));
            }
        }
    }

    private static long Patch(Action patch, long reportedAt)
    {
        patch();
        return reportedAt;
    }

    private static byte[] ReadNativeBytes(ScanImageTiffReader r, int frame, PixelType type) => type switch
    {
        PixelType.UInt8 => r.ReadFrames<byte>(frame, frame + 1),
        PixelType.UInt16 => System.Runtime.InteropServices.MemoryMarshal.AsBytes<ushort>(r.ReadFrames<ushort>(frame, frame + 1)).ToArray(),
        PixelType.Int16 => System.Runtime.InteropServices.MemoryMarshal.AsBytes<short>(r.ReadFrames<short>(frame, frame + 1)).ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
