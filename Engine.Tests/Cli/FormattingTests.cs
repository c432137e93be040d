using ScanImageTiff.Cli.Input;
using ScanImageTiff.Cli.Output;

namespace ScanImageTiff.Tests.Cli;

public sealed class FormattingTests
{
    [Theory]
    [InlineData(135L, "135")]
    [InlineData(245760L, "240 kB")]
    [InlineData(72000L, "70.3125 kB")]
    [InlineData(1048576L, "1 MB")]
    [InlineData(1572864L, "1.5 MB")]
    [InlineData(8139603L, "7.76253 MB")] // 7.762530326843262 MB
    [InlineData(37296422257L, "34.735 GB")] // 34.735000000335276 GB
    public void Human_bytes_match_scanimagetiffreader(long bytes, string expected)
    {
        Assert.Equal(expected, HumanBytes.Format(bytes));
    }

    [Theory]
    [InlineData("2:5", 10, 2, 5)]
    [InlineData(":3", 10, 0, 3)]
    [InlineData("7:", 10, 7, 10)]
    [InlineData(":", 10, 0, 10)]
    [InlineData("-3:", 10, 7, 10)]
    [InlineData(":-1", 10, 0, 9)]
    [InlineData("-20:50", 10, 0, 10)]
    [InlineData("8:2", 10, 8, 8)]
    [InlineData("4", 10, 4, 5)]
    [InlineData("-1", 10, 9, 10)]
    public void Frame_ranges_follow_python_slices(string text, int count, int start, int end)
    {
        Assert.Equal((start, end), FrameRange.Parse(text).Resolve(count));
    }

    [Theory]
    [InlineData("10")]
    [InlineData("-11")]
    public void A_single_index_must_exist(string text)
    {
        Assert.Throws<ScanImageTiff.Cli.CliUsageException>(() => FrameRange.Parse(text).Resolve(10));
    }

    [Fact]
    public void Npy_headers_are_64_byte_aligned_and_switch_to_version_2_when_long()
    {
        var h = NpyHeader.Build(PixelType.Int16, [3, 512, 512]);
        Assert.Equal(0, h.Length % 64);
        Assert.Equal(1, h[6]);
        var (descr, fortran, shape, start) = DataCommandTests.ParseNpy(h);
        Assert.Equal("<i2", descr);
        Assert.False(fortran);
        Assert.Equal([3, 512, 512], shape);
        Assert.Equal(h.Length, start);
        Assert.Equal(128, h.Length); // what numpy 1.x writes for this dict
        Assert.Equal("|u1", NpyHeader.Descr(PixelType.UInt8));
        Assert.Equal("<f8", NpyHeader.Descr(PixelType.Float64));

        var huge = NpyHeader.Build(PixelType.Float32, Enumerable.Repeat(1L, 30000).ToArray());
        Assert.Equal(2, huge[6]);
        Assert.Equal(0, huge.Length % 64);
        Assert.Equal(30000, DataCommandTests.ParseNpy(huge).Shape.Length);
    }
}
