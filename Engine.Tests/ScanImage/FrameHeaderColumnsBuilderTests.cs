using System.Text;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Tests.ScanImage;

public class FrameHeaderColumnsBuilderTests
{
    private static FrameHeaderColumns Columns(params string[] descriptions)
    {
        var builder = new FrameHeaderColumnsBuilder(descriptions.Length);
        foreach (var d in descriptions)
        {
            builder.Add(FrameHeaderTests.AsDescription(d));
        }

        return builder.Build();
    }

    [Fact]
    public void Reads_the_text_form()
    {
        var c = Columns(FrameHeaderTests.Si2021Text);

        Assert.Equal(1, c.Count);
        Assert.Equal([12L], c.FrameNumbers);
        Assert.Equal([6L], c.AcquisitionNumbers);
        Assert.Equal([2L], c.FrameNumberAcquisition);
        Assert.Equal([3.7158261], c.FrameTimestamps);
        Assert.Equal([3.698544], c.AcqTriggerTimestamps);
        Assert.Equal([-1.0], c.NextFileMarkerTimestamps);
        Assert.Equal([true], c.EndOfAcquisition);
        Assert.Equal([false], c.EndOfAcquisitionMode);
    }

    [Fact]
    public void Reads_the_json_forms_and_SI5_lines_like_FrameHeader_does()
    {
        string[] descriptions =
        [
            """{ "frameNumbers": 7, "acquisitionNumbers": 1, "frameNumberAcquisition": 7, "frameTimestamps_sec": 0.2, "acqTriggerTimestamps_sec": -1, "nextFileMarkerTimestamps_sec": -1, "endOfAcquisition": 0, "endOfAcquisitionMode": 1, "epoch": [2018,10, 9,11,58,49.866], "auxTrigger0": [[1,2],["a]"]], "I2CData": [] }""",
            "{\"FrameHeader\": {\n\t\"note\": \"he said \\\"x\\\": 1\",\n\t\"frameNumbers\": 8,\n\t\"frameTimestamps_sec\": \"_Inf_\",\n\t\"endOfAcquisition\": true\n}}",
            "{\n  \"auxTrigger0\": [],\n  \"frameNumbers\":9\n}",
            "Frame Number = 5\nFrame Timestamp(s) = 0.13\nAcq Trigger Timestamp(s) = 0.01\nNext File Marker Timestamp(s) = -1\nDC Overvoltage = 0\nscanimage.SI5.acqNumFrames = 10\n",
            FrameHeaderTests.Si2021Text.Replace("\n", "\r\n", StringComparison.Ordinal),
        ];

        var c = Columns(descriptions);

        Assert.Equal([7L, 8, 9, 5, 12], c.FrameNumbers);
        Assert.Equal([1L, -1, -1, -1, 6], c.AcquisitionNumbers);
        Assert.Equal([0.2, double.PositiveInfinity, double.NaN, 0.13, 3.7158261], c.FrameTimestamps);
        Assert.Equal([false, true, false, false, true], c.EndOfAcquisition);
        Assert.Equal([true, false, false, false, false], c.EndOfAcquisitionMode);
        for (var i = 0; i < descriptions.Length; i++)
        {
            var header = FrameHeader.Parse(FrameHeaderTests.AsDescription(descriptions[i]));
            Assert.Equal(header.FrameNumber ?? -1, c.FrameNumbers[i]);
            Assert.Equal(header.AcquisitionNumber ?? -1, c.AcquisitionNumbers[i]);
            Assert.Equal(header.FrameNumberAcquisition ?? -1, c.FrameNumberAcquisition[i]);
            Assert.Equal(header.FrameTimestamp ?? double.NaN, c.FrameTimestamps[i]);
            Assert.Equal(header.AcqTriggerTimestamp ?? double.NaN, c.AcqTriggerTimestamps[i]);
            Assert.Equal(header.NextFileMarkerTimestamp ?? double.NaN, c.NextFileMarkerTimestamps[i]);
            Assert.Equal(header.EndOfAcquisition ?? false, c.EndOfAcquisition[i]);
            Assert.Equal((header.EndOfAcquisitionMode ?? 0) != 0, c.EndOfAcquisitionMode[i]);
        }
    }

    [Fact]
    public void Missing_and_unparsable_values_get_the_missing_markers()
    {
        var c = Columns(string.Empty, "frameNumbers = x\nframeTimestamps_sec = \nendOfAcquisition = []\n", "state.acq.numberOfFrames=30\rframeNumbers = 1\r");

        Assert.Equal([-1L, -1, -1], c.FrameNumbers);
        Assert.Equal([-1L, -1, -1], c.AcquisitionNumbers);
        Assert.Equal([-1L, -1, -1], c.FrameNumberAcquisition);
        Assert.All(c.FrameTimestamps, t => Assert.True(double.IsNaN(t)));
        Assert.All(c.AcqTriggerTimestamps, t => Assert.True(double.IsNaN(t)));
        Assert.All(c.NextFileMarkerTimestamps, t => Assert.True(double.IsNaN(t)));
        Assert.Equal([false, false, false], c.EndOfAcquisition);
    }

    [Fact]
    public void Stops_at_the_first_NUL_and_at_classic_metadata_lines()
    {
        var builder = new FrameHeaderColumnsBuilder(2);
        builder.Add([.. "frameNumbers = 4\n"u8, 0, .. "acquisitionNumbers = 2\n"u8]);
        builder.Add("frameNumbers = 5\nscanimage.SI.acqState = 'grab'\nacquisitionNumbers = 3\n"u8);

        var c = builder.Build();

        Assert.Equal([4L, 5], c.FrameNumbers);
        Assert.Equal([-1L, -1], c.AcquisitionNumbers);
    }

    [Fact]
    public void Grows_past_its_capacity_and_Build_takes_a_snapshot()
    {
        var builder = new FrameHeaderColumnsBuilder(0);
        for (var i = 1; i <= 100; i++)
        {
            builder.Add(Encoding.ASCII.GetBytes($"frameNumbers = {i}\nframeTimestamps_sec = {i * 0.5}\n"));
        }

        var first = builder.Build();
        builder.Add("frameNumbers = 101\n"u8);
        var second = builder.Build();

        Assert.Equal(100, first.Count);
        Assert.Equal(100, first.FrameNumbers.Length);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), first.FrameNumbers);
        Assert.Equal(50.0, first.FrameTimestamps[99]);
        Assert.Equal(101, second.Count);
        Assert.Equal(101L, second.FrameNumbers[100]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrameHeaderColumnsBuilder(-1));
    }

    [Fact]
    public void Add_does_not_allocate()
    {
        var text = FrameHeaderTests.AsDescription(FrameHeaderTests.Si2021Text);
        var json = FrameHeaderTests.AsDescription("""{ "frameNumbers": 7, "frameTimestamps_sec": 0.2, "epoch": [2018,10, 9,11,58,49.866], "I2CData": [] }""");
        var builder = new FrameHeaderColumnsBuilder(2_000);
        builder.Add(text);
        builder.Add(json);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 999; i++)
        {
            builder.Add(text);
            builder.Add(json);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(2_000, builder.Count);
    }

    [Fact]
    public void Timestamps_are_correctly_rounded()
    {
        string[] texts = ["0.000000000", "0.066644250", "3.715826100", "-0.000064550", "123456.789012345", "1e-7", "9007199254740993"];

        var c = Columns([.. texts.Select(t => $"frameTimestamps_sec = {t}\n")]);

        Assert.Equal(texts.Select(t => double.Parse(t, System.Globalization.CultureInfo.InvariantCulture)), c.FrameTimestamps);
    }
}
