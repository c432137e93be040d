using System.Text;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Tests.ScanImage;

public class FrameHeaderTests
{
    internal const string Si2021Text = """
        frameNumbers = 12
        acquisitionNumbers = 6
        frameNumberAcquisition = 2
        frameTimestamps_sec = 3.715826100
        acqTriggerTimestamps_sec = 3.698544000
        nextFileMarkerTimestamps_sec = -1.000000000
        endOfAcquisition = 1
        endOfAcquisitionMode = 0
        dcOverVoltage = 0
        epoch = [2023  9 22 12 46 9.383]
        auxTrigger0 = []
        auxTrigger1 = [0.5 1.25]
        auxTrigger2 = []
        auxTrigger3 = []
        I2CData = {}

        """;

    /// <summary>Pads like ScanImage: 2000 characters with spaces, then NUL.</summary>
    internal static byte[] AsDescription(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text.PadRight(2000));
        return [.. bytes, 0];
    }

    [Fact]
    public void Parses_the_2016_plus_text_form()
    {
        var header = FrameHeader.Parse(AsDescription(Si2021Text));

        Assert.Equal(12, header.FrameNumber);
        Assert.Equal(6, header.AcquisitionNumber);
        Assert.Equal(2, header.FrameNumberAcquisition);
        Assert.Equal(3.7158261, header.FrameTimestamp);
        Assert.Equal(3.698544, header.AcqTriggerTimestamp);
        Assert.Equal(-1.0, header.NextFileMarkerTimestamp);
        Assert.True(header.EndOfAcquisition);
        Assert.Equal(0, header.EndOfAcquisitionMode);
        Assert.False(header.DcOverVoltage);
        Assert.Equal(new DateTime(2023, 9, 22, 12, 46, 9, 383), header.Epoch);
        Assert.Equal(DateTimeKind.Unspecified, header.Epoch!.Value.Kind);
        Assert.Equal([2023, 9, 22, 12, 46, 9.383], header.EpochVector!);
        Assert.Equal(4, header.AuxTriggers.Count);
        Assert.Empty(header.AuxTriggers[0]);
        Assert.Equal([0.5, 1.25], header.AuxTriggers[1]);
        Assert.Equal(MatlabValueKind.Empty, header.I2CData!.Kind);
        Assert.Equal(15, header.Values.Count);
        Assert.Equal("frameNumbers", header.Values.Keys.First());
        Assert.Equal("I2CData", header.Values.Keys.Last());
    }

    [Fact]
    public void Parses_the_json_form_and_the_FrameHeader_wrapper()
    {
        const string flat = """{ "frameNumbers": 7, "acquisitionNumbers": 1, "frameNumberAcquisition": 7, "frameTimestamps_sec": 0.2, "acqTriggerTimestamps_sec": -1, "nextFileMarkerTimestamps_sec": -1, "endOfAcquisition": 0, "endOfAcquisitionMode": 0, "dcOverVoltage": 0, "epoch": [2018,10, 9,11,58,49.866], "auxTrigger0": [], "auxTrigger1": [], "auxTrigger2": [], "auxTrigger3": [], "I2CData": [], "custom": "x" }""";
        const string wrapped = "{\"FrameHeader\": {\n\t\"frameNumbers\": 7,\n\t\"frameTimestamps_sec\": 0.2,\n\t\"epoch\": [2018,10,9,11,58,49.866]\n}}";

        var a = FrameHeader.Parse(AsDescription(flat));
        var b = FrameHeader.Parse(AsDescription(wrapped));

        Assert.Equal(7, a.FrameNumber);
        Assert.Equal(0.2, a.FrameTimestamp);
        Assert.Equal(-1.0, a.AcqTriggerTimestamp);
        Assert.False(a.EndOfAcquisition);
        Assert.Equal(new DateTime(2018, 10, 9, 11, 58, 49, 866), a.Epoch);
        Assert.Equal(MatlabValueKind.Empty, a.I2CData!.Kind);
        Assert.Equal("x", a.Values["custom"].AsString());
        Assert.Equal(16, a.Values.Count);
        Assert.Equal(7, b.FrameNumber);
        Assert.Equal(0.2, b.FrameTimestamp);
        Assert.Equal(a.Epoch, b.Epoch);
        Assert.Null(b.AcquisitionNumber);
        Assert.Equal(3, b.Values.Count);
    }

    [Fact]
    public void Maps_the_SI5_line_names()
    {
        const string text = "Frame Number = 5\nFrame Timestamp(s) = 0.13\nAcq Trigger Timestamp(s) = 0.01\nNext File Marker Timestamp(s) = -1\nDC Overvoltage = 1\nscanimage.SI5.acqState = 'grab'\nscanimage.SI5.acqNumFrames = 10\n";

        var header = FrameHeader.Parse(Encoding.ASCII.GetBytes(text));

        Assert.Equal(5, header.FrameNumber);
        Assert.Equal(0.13, header.FrameTimestamp);
        Assert.Equal(0.01, header.AcqTriggerTimestamp);
        Assert.Equal(-1.0, header.NextFileMarkerTimestamp);
        Assert.True(header.DcOverVoltage);
        Assert.Equal(["Frame Number", "Frame Timestamp(s)", "Acq Trigger Timestamp(s)", "Next File Marker Timestamp(s)", "DC Overvoltage"], header.Values.Keys);
    }

    [Theory]
    [InlineData("scanimage.SI.hChannels.channelSave = [1 2]")]
    [InlineData("SI.hChannels.channelSave = [1 2]")]
    [InlineData("state.acq.numberOfFrames=30")]
    public void Stops_at_the_non_varying_metadata_that_follows_in_classic_files(string metadataLine)
    {
        var text = "frameNumbers = 3\r\nframeTimestamps_sec = 0.066\r\n" + metadataLine + "\r\nacquisitionNumbers = 9\r\n";

        var header = FrameHeader.Parse(Encoding.ASCII.GetBytes(text));

        Assert.Equal(["frameNumbers", "frameTimestamps_sec"], header.Values.Keys);
        Assert.Null(header.AcquisitionNumber);
    }

    [Fact]
    public void Si_2015_variants_empty_values_and_double_spaces()
    {
        const string text = "frameNumbers = 1\nframeTimestamps_sec = 0.000000\nacqTriggerTimestamps_sec = \nendOfAcquisition =  0\nepoch = [2020,4,27,10,5,1.500]\n";

        var header = FrameHeader.Parse(Encoding.ASCII.GetBytes(text));

        Assert.Null(header.AcqTriggerTimestamp);
        Assert.Equal(MatlabValueKind.Empty, header.Values["acqTriggerTimestamps_sec"].Kind);
        Assert.False(header.EndOfAcquisition);
        Assert.Equal(new DateTime(2020, 4, 27, 10, 5, 1, 500), header.Epoch);
        Assert.All(header.AuxTriggers, Assert.Empty);
        Assert.Null(header.I2CData);
        Assert.Null(header.DcOverVoltage);
    }

    [Theory]
    [InlineData("[1601 1 1 0 0 25.045]", true)]
    [InlineData("[12 0 18514 60545 32 47.176]", false)]
    [InlineData("[2021 2 29 0 0 0]", false)]
    [InlineData("[2020 2 29 23 59 59.9999]", true)]
    [InlineData("[2021 11 5 24 0 0]", false)]
    [InlineData("[2021 11 5 9 50 60]", false)]
    [InlineData("[2021 11.5 5 9 50 1]", false)]
    [InlineData("[2021 11 5 9 50]", false)]
    [InlineData("[0 1 1 0 0 0]", false)]
    [InlineData("[NaN 1 1 0 0 0]", false)]
    [InlineData("'today'", false)]
    public void Epoch_is_null_only_when_the_vector_is_not_a_date(string epoch, bool valid)
    {
        var header = FrameHeader.Parse(Encoding.ASCII.GetBytes("epoch = " + epoch + "\n"));

        Assert.Equal(valid, header.Epoch.HasValue);
        Assert.Equal(epoch.StartsWith('['), header.EpochVector is not null);
    }

    [Fact]
    public void Junk_epoch_keeps_the_raw_vector()
    {
        var header = FrameHeader.Parse("epoch = [1601 1 1 0 0 25.045]"u8);

        Assert.Equal(new DateTime(1601, 1, 1, 0, 0, 25, 45), header.Epoch);
        Assert.Equal([1601, 1, 1, 0, 0, 25.045], header.EpochVector!);
    }

    [Fact]
    public void Empty_padding_only_and_non_numeric_descriptions_have_null_properties()
    {
        foreach (var description in new[] { Array.Empty<byte>(), AsDescription(string.Empty), "frameNumbers = 'x'\nframeTimestamps_sec = [1 2]\nendOfAcquisition = 0.5x"u8.ToArray() })
        {
            var header = FrameHeader.Parse(description);
            Assert.Null(header.FrameNumber);
            Assert.Null(header.FrameTimestamp);
            Assert.Null(header.EndOfAcquisition);
            Assert.Null(header.Epoch);
            Assert.Equal(4, header.AuxTriggers.Count);
        }
    }

    [Fact]
    public void Text_after_the_first_NUL_is_ignored()
    {
        var header = FrameHeader.Parse([.. "frameNumbers = 4\n"u8, 0, .. "acquisitionNumbers = 2\n"u8]);

        Assert.Equal(4, header.FrameNumber);
        Assert.Null(header.AcquisitionNumber);
    }

    [Fact]
    public void Fractional_counters_are_not_counters()
    {
        var header = FrameHeader.Parse("frameNumbers = 1.5\nendOfAcquisitionMode = 2.5\n"u8);

        Assert.Null(header.FrameNumber);
        Assert.Null(header.EndOfAcquisitionMode);
        Assert.Equal(1.5, header.Values["frameNumbers"].AsDouble());
    }

    [Theory]
    [InlineData("{\"frameNumbers\": 1,", 18)]
    [InlineData("  {\"frameNumbers\": x}", 19)]
    public void Malformed_json_header_reports_the_byte_position(string json, long position)
    {
        var ex = Assert.Throws<TiffFormatException>(() => FrameHeader.Parse(AsDescription(json)));

        Assert.Equal(position, ex.Data["BytePosition"]);
        Assert.Equal(position, ex.FileOffset);
    }
}
