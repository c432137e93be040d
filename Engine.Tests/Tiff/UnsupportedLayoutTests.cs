using ScanImageTiff.Tests.Support;
using static ScanImageTiff.Tests.Support.TiffBuilder;

namespace ScanImageTiff.Tests.Tiff;

/// <summary>
/// Valid TIFF layouts the reader does not decode: the file opens and is indexed, descriptions are readable,
/// and reading pixels throws <see cref="NotSupportedException"/> naming the tag, its value and the IFD.
/// </summary>
public sealed class UnsupportedLayoutTests
{
    public static TheoryData<string> Cases() => new(
        "compression 7", "tiled JPEG", "planar configuration 3", "12-bit samples", "24-bit samples",
        "sample format 4", "half float", "fill order 2", "mixed bits per sample", "tiles with a broken TileLength",
        "YCbCr with default subsampling", "YCbCr 4:2:0 with a padded strip", "YCbCr 4:2:2 out of line");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Opens_but_pixels_throw_NotSupportedException_naming_tag_value_and_ifd(string name)
    {
        foreach (var (big, be) in HandBuiltFileTests.Forms)
        {
            var b = new TiffBuilder(big, be);
            var good = Samples.Values<ushort>(16, 1);
            var goodAt = b.AppendSamples<ushort>(good);
            b.WriteIfd(b.FrameIfd(4, 4, 16, [goodAt], [32], 1).Ascii(Tag.ImageDescription, "good frame"));
            var (ifd, fragments) = Build(b, name);
            b.WriteIfd(ifd.Ascii(Tag.ImageDescription, "unsupported frame"));
            var goodAgain = Samples.Values<ushort>(16, 2);
            b.WriteIfd(b.FrameIfd(4, 4, 16, [b.AppendSamples<ushort>(goodAgain)], [32], 1));

            using var file = new TempFile(b.ToArray());
            foreach (var backend in HandBuiltFileTests.Backends)
            {
                using var r = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend });
                Assert.Equal(3, r.FrameCount);
                Assert.Null(r.Damage);
                Assert.Equal("unsupported frame", r.GetDescription(1));
                Assert.Equal("good frame", r.GetDescription(0));
                var info = r.GetFrameInfo(1);
                Assert.Null(info.PixelType);
                Assert.NotNull(info.Unsupported);
                Assert.All(fragments, f => Assert.Contains(f, info.Unsupported, StringComparison.Ordinal));

                // Frames on either side stay readable.
                Assert.Equal(good, r.GetFrameMemory<ushort>(0).ToArray());
                Assert.Equal(goodAgain, r.GetFrameMemory<ushort>(2).ToArray());

                var failures = new Action[]
                {
                    () => r.TryGetFrameMemory<ushort>(1, out _),
                    () => r.GetFrameMemory<byte>(1),
                    () => r.ReadFrame<ushort>(1, new ushort[1024]),
                    () => r.ReadFramePooled<short>(1).Dispose(),
                    () => r.ReadFrames<ushort>(0, 3),
                    () => r.ReadFramesNative<ushort>(1, 2).Dispose(),
                    () => r.ReadFramesLittleEndian(0, 3, new byte[1 << 16]),
                    () => r.GetByteCount(1, 2),
                    () => r.GetStackShape(),
                };
                foreach (var failure in failures)
                {
                    var e = Assert.ThrowsAny<Exception>(failure);
                    if (e is InvalidOperationException)
                    {
                        // GetStackShape reports the differing shape first; that names the frames too.
                        Assert.Contains("frame 1", e.Message, StringComparison.Ordinal);
                        continue;
                    }

                    Assert.IsType<NotSupportedException>(e);
                    Assert.Contains("IFD 1", e.Message, StringComparison.Ordinal);
                    Assert.All(fragments, f => Assert.Contains(f, e.Message, StringComparison.Ordinal));
                }
            }
        }
    }

    /// <summary>The unsupported frame's IFD and the text its error must contain (tag number and value).</summary>
    private static (Ifd Ifd, string[] Fragments) Build(TiffBuilder b, string name)
    {
        var junk = b.Append(Enumerable.Range(0, 200).Select(i => (byte)i).ToArray());
        switch (name)
        {
            case "compression 7":
                return (b.FrameIfd(4, 4, 16, [junk], [20], 1).Without(Tag.Compression).Ints(Tag.Compression, FieldType.Short, 7), ["259", "JPEG (7)"]);
            case "tiled JPEG":
                var tiled = b.NewIfd()
                    .Ints(Tag.ImageWidth, FieldType.Short, 16)
                    .Ints(Tag.ImageLength, FieldType.Short, 16)
                    .Ints(Tag.BitsPerSample, FieldType.Short, 8)
                    .Ints(Tag.TileWidth, FieldType.Short, 16)
                    .Ints(Tag.TileLength, FieldType.Short, 16)
                    .Ints(Tag.TileOffsets, FieldType.Long, junk)
                    .Ints(Tag.TileByteCounts, FieldType.Long, 200)
                    .Ints(Tag.Compression, FieldType.Short, 7);
                return (tiled, ["259", "JPEG (7)"]);
            case "tiles with a broken TileLength":
                var broken = b.NewIfd()
                    .Ints(Tag.ImageWidth, FieldType.Short, 16)
                    .Ints(Tag.ImageLength, FieldType.Short, 16)
                    .Ints(Tag.BitsPerSample, FieldType.Short, 8)
                    .Ints(Tag.TileWidth, FieldType.Long, 32)
                    .Field(Tag.TileLength, 99, 1, 16)
                    .Ints(Tag.TileOffsets, FieldType.Long, junk)
                    .Ints(Tag.TileByteCounts, FieldType.Long, 200);
                return (broken, ["TileWidth = 32", "TileLength = absent"]);
            case "planar configuration 3":
                return (b.FrameIfd(4, 4, 8, [junk, junk + 16, junk + 32], [16, 16, 16], 1, samplesPerPixel: 3)
                    .Ints(Tag.PlanarConfiguration, FieldType.Short, 3), ["284", "= 3"]);
            case "12-bit samples":
                return (b.FrameIfd(4, 4, 12, [junk], [24], 1), ["258", "= 12"]);
            case "24-bit samples":
                return (b.FrameIfd(4, 4, 24, [junk], [48], 1), ["258", "= 24"]);
            case "sample format 4":
                return (b.FrameIfd(4, 4, 16, [junk], [32], 4), ["339", "4"]);
            case "half float":
                return (b.FrameIfd(4, 4, 16, [junk], [32], 3), ["258", "= 16", "339", "= 3"]);
            case "fill order 2":
                return (b.FrameIfd(4, 4, 8, [junk], [16], 1).Ints(Tag.FillOrder, FieldType.Short, 2), ["266", "= 2"]);
            case "mixed bits per sample":
                return (b.FrameIfd(4, 4, 8, [junk], [64], 1, samplesPerPixel: 3)
                    .Without(Tag.BitsPerSample).Ints(Tag.BitsPerSample, FieldType.Short, 8, 8, 16), ["258"]);
            case "YCbCr with default subsampling":
                // No tag 530: TIFF 6.0 says 2, 2, so 4 x 4 pixels take 16 + 2 * 4 = 24 bytes, not the 48 of 3 samples per pixel.
                return (YCbCr(b, junk, 24), ["262", "= 6", "530", "= 2, 2"]);
            case "YCbCr 4:2:0 with a padded strip":
                // The strip is as long as 3 samples per pixel would need: only tag 530 tells the blocks apart.
                return (YCbCr(b, junk, 48).Ints(Tag.YCbCrSubSampling, FieldType.Short, 2, 2), ["530", "= 2, 2"]);
            case "YCbCr 4:2:2 out of line":
                return (YCbCr(b, junk, 48).Ints(Tag.YCbCrSubSampling, FieldType.Long, 2, 1), ["530", "= 2, 1"]);
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, null);
        }
    }

    [Fact]
    public void YCbCr_without_subsampling_reads_as_three_samples_per_pixel()
    {
        foreach (var (big, be) in HandBuiltFileTests.Forms)
        {
            var b = new TiffBuilder(big, be);
            var samples = Enumerable.Range(0, 48).Select(i => (byte)(i * 5)).ToArray();
            b.WriteIfd(YCbCr(b, b.Append(samples), 48).Ints(Tag.YCbCrSubSampling, FieldType.Short, 1, 1));
            using var file = new TempFile(b.ToArray());
            using var r = ScanImageTiffReader.Open(file.Path);
            Assert.Null(r.GetFrameInfo(0).Unsupported);
            Assert.Equal(samples, r.ReadFrames<byte>(0, 1));
        }
    }

    /// <summary>A 4 x 4, 8-bit, 3-sample YCbCr frame of one strip of <paramref name="bytes"/> bytes at <paramref name="at"/>.</summary>
    private static Ifd YCbCr(TiffBuilder b, long at, long bytes) =>
        b.FrameIfd(4, 4, 8, [at], [bytes], 1, samplesPerPixel: 3)
            .Without(Tag.PhotometricInterpretation).Ints(Tag.PhotometricInterpretation, FieldType.Short, 6);
}
