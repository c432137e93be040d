using System.Globalization;
using ScanImageTiff.Cli.Output;

namespace ScanImageTiff.Tests.Cli;

/// <summary>
/// <c>sitiff stream</c>'s line formats, written into buffers kept across lines: expected texts written by hand,
/// every field absent and present, values that need many characters, and a line after a longer one.
/// </summary>
public sealed class FrameLineWriterTests
{
    [Fact]
    public void Text_lines_are_tab_separated_with_a_dash_for_an_absent_value()
    {
        Assert.Equal(
            "0\t-\t-\t3.0000\n12\t7\t0.033317674\t-1.5000\n2147483647\t-9223372036854775808\t-2.500000000\tNaN\n",
            Write(json: false, (0, null, null, 3.0), (12, 7L, 0.0333176741, -1.5), (int.MaxValue, long.MinValue, -2.5, double.NaN)));
    }

    [Fact]
    public void A_text_value_longer_than_the_buffer_still_prints_whole()
    {
        // 1e300 with nine decimals is 311 characters: more than the writer's buffer. The oracle is .NET's own
        // formatting of the value: what is tested is that the line is whole, and the next one unharmed.
        var huge = 1e300.ToString("F9", CultureInfo.InvariantCulture);
        Assert.Equal(311, huge.Length);
        var expected = $"1\t2\t{huge}\t0.2500\n3\t-\t-\t1.0000\n";
        Assert.Equal(expected, Write(json: false, (1, 2L, 1e300, 0.25), (3, null, null, 1.0)));
    }

    [Fact]
    public void Json_lines_are_one_object_each_with_null_for_absent_or_non_finite_values()
    {
        Assert.Equal(
            "{\"index\":0,\"frameNumber\":null,\"timestamp\":null,\"mean\":3}\n"
            + "{\"index\":5,\"frameNumber\":6,\"timestamp\":0.033317674,\"mean\":683.851806640625}\n"
            + "{\"index\":1,\"frameNumber\":-1,\"timestamp\":1E+300,\"mean\":null}\n"
            + "{\"index\":2,\"frameNumber\":3,\"timestamp\":-0.5,\"mean\":null}\n",
            Write(json: true, (0, null, null, 3.0), (5, 6L, 0.033317674, 683.851806640625), (1, -1L, 1e300, double.NaN), (2, 3L, -0.5, double.PositiveInfinity)));
    }

    private static string Write(bool json, params (int Index, long? Number, double? Time, double Mean)[] lines)
    {
        using var text = new StringWriter { NewLine = "\n" };
        using var writer = new FrameLineWriter(text, json);
        foreach (var (index, number, time, mean) in lines)
        {
            writer.Write(index, number, time, mean);
        }

        return text.ToString();
    }
}
