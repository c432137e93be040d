using System.Text;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Tests.ScanImage;

/// <summary>
/// Issue 15, rows M1 and M2: <see cref="FrameHeader.Parse"/> and the bulk columns read the same fields with one
/// parser, so a description can never give two answers. Expected values are written out by hand.
/// </summary>
public class FrameHeaderAgreementTests
{
    public static TheoryData<string, long?> FrameNumberCases => new()
    {
        { "frameNumbers = [5]\n", 5 }, // M1: was 5 per frame, -1 in the columns
        { "frameNumbers = 4611686018427387904\n", 4611686018427387904 }, // M1: 2^62
        { "frameNumbers = 4.6116860184274e+18\n", 4611686018427400192 },
        { "frameNumbers = [5 6]\n", null },
        { "frameNumbers = 1.5\n", null },
        { "frameNumbers = -1\n", -1 },
        { "frameNumbers = 'x'\n", null },
        { """{"frameNumbers": [5]}""", 5 },
        { """{"frameNumbers": "5"}""", null },
        { """{"FrameHeader": {"frameNumbers": 7}}""", 7 },
        { """{"frameNumbers": 3, "FrameHeader": {"acquisitionNumbers": 1}}""", null },
        { """{"FrameHeader": {"frameNumbers": 7}, "FrameHeader": 1, "frameNumbers": 9}""", 9 },
        { """{"Other": {"frameNumbers": 3}}""", null }, // M2: the columns used to find 3 at any depth
        { """{"Other": {"frameNumbers": 3}, "frameNumbers": 4}""", 4 },
        { """{"a": [{"frameNumbers": 3}], "b": {"c": {"frameNumbers": 3}}}""", null },
        { "Frame Number = \"\n", null }, // found by the fuzzer: a lone quote ran the scanner out of range
        { "frameNumbers = [\n", null },
    };

    [Theory]
    [MemberData(nameof(FrameNumberCases))]
    public void Per_frame_and_columns_read_the_same_frame_number(string description, long? expected)
    {
        var bytes = Encoding.UTF8.GetBytes(description);

        var header = FrameHeader.Parse(bytes);
        var columns = Columns(bytes);

        Assert.Equal(expected, header.FrameNumber);
        Assert.Equal(expected ?? -1, columns.FrameNumbers[0]);
        Assert.Equal(expected, FrameHeader.ReadCounters(bytes).FrameNumber);
    }

    [Theory]
    [InlineData("frameNumbers = 1\nframeTimestamps_sec = 2.5\nacqTriggerTimestamps_sec = -1\nendOfAcquisition = 1\nendOfAcquisitionMode = 0\n")]
    [InlineData("Frame Number = 4\nFrame Timestamp(s) = Inf\nNext File Marker Timestamp(s) = NaN\n")]
    [InlineData("""{"frameNumbers": 2, "frameTimestamps_sec": "_Inf_", "endOfAcquisition": true, "endOfAcquisitionMode": 2, "acquisitionNumbers": [3]}""")]
    [InlineData("""{"FrameHeader": {"frameNumberAcquisition": 8, "nextFileMarkerTimestamps_sec": "-_Inf_", "endOfAcquisitionMode": false}}""")]
    [InlineData("endOfAcquisitionMode = 2.5\nendOfAcquisition = NaN\n")]
    public void Every_column_field_agrees_with_the_per_frame_header(string description)
    {
        var bytes = Encoding.UTF8.GetBytes(description);

        var h = FrameHeader.Parse(bytes);
        var c = Columns(bytes);

        Assert.Equal(h.FrameNumber ?? -1, c.FrameNumbers[0]);
        Assert.Equal(h.AcquisitionNumber ?? -1, c.AcquisitionNumbers[0]);
        Assert.Equal(h.FrameNumberAcquisition ?? -1, c.FrameNumberAcquisition[0]);
        Assert.Equal(h.FrameTimestamp ?? double.NaN, c.FrameTimestamps[0]);
        Assert.Equal(h.AcqTriggerTimestamp ?? double.NaN, c.AcqTriggerTimestamps[0]);
        Assert.Equal(h.NextFileMarkerTimestamp ?? double.NaN, c.NextFileMarkerTimestamps[0]);
        Assert.Equal(h.EndOfAcquisition ?? false, c.EndOfAcquisition[0]);
        Assert.Equal((h.EndOfAcquisitionMode ?? 0) != 0, c.EndOfAcquisitionMode[0]);

        var counters = FrameHeader.ReadCounters(bytes);
        Assert.Equal(
            new FrameHeaderCounters(h.FrameNumber, h.AcquisitionNumber, h.FrameNumberAcquisition, h.FrameTimestamp, h.AcqTriggerTimestamp, h.NextFileMarkerTimestamp, h.EndOfAcquisition, h.EndOfAcquisitionMode),
            counters);
    }

    [Fact]
    public void Counters_are_read_without_the_rest_of_the_header()
    {
        var text = FrameHeader.ReadCounters("frameNumbers = 7\nframeTimestamps_sec = 0.25\nepoch = [2023 1 2 3 4 5.5]\nauxTrigger0 = []\nendOfAcquisition = 1\n"u8);
        Assert.Equal(new FrameHeaderCounters(7, null, null, 0.25, null, null, true, null), text);
        Assert.Equal(default, FrameHeader.ReadCounters(default));

        // Parse validates a JSON header and refuses a broken one; the counters before the damage are still read.
        var broken = """{"frameNumbers": 3, "frameTimestamps_sec": 1.5, "epoch": [2023,"""u8.ToArray();
        Assert.Throws<TiffFormatException>(() => FrameHeader.Parse(broken));
        Assert.Equal(new FrameHeaderCounters(3, null, null, 1.5, null, null, null, null), FrameHeader.ReadCounters(broken));
    }

    [Fact]
    public void The_end_of_acquisition_mode_keeps_its_number()
    {
        Assert.Equal(2, FrameHeader.Parse("endOfAcquisitionMode = 2\n"u8).EndOfAcquisitionMode);
        Assert.Null(FrameHeader.Parse("endOfAcquisitionMode = 2.5\n"u8).EndOfAcquisitionMode);
        Assert.True(Columns("endOfAcquisitionMode = 2\n"u8.ToArray()).EndOfAcquisitionMode[0]);
    }

    private static FrameHeaderColumns Columns(byte[] description)
    {
        var builder = new FrameHeaderColumnsBuilder(1);
        builder.Add(description);
        return builder.Build();
    }
}
