using System.Globalization;
using System.Text.Json.Nodes;

namespace ScanImageTiff.Tests.Cli;

public sealed class StreamCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Json_lines_carry_frame_number_timestamp_and_mean()
    {
        var lines = Sitiff.Run("stream", SampleFile.Path, "--json").Ok().Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(60, lines.Length);
        using var reader = ScanImageTiffReader.Open(SampleFile.Path);
        for (var i = 0; i < lines.Length; i++)
        {
            var j = JsonNode.Parse(lines[i])!.AsObject();
            Assert.Equal(["index", "frameNumber", "timestamp", "mean"], j.Select(p => p.Key).ToArray());
            Assert.Equal(i, (int)j["index"]!);
            Assert.Equal((i / 2) + 1, (long)j["frameNumber"]!);
            Assert.Equal((i / 2) * 0.0036555328, (double)j["timestamp"]!, 9);
            var mean = reader.GetFrameMemory<short>(i).ToArray().Average(v => (double)v);
            Assert.Equal(mean, (double)j["mean"]!, 9);
        }
    }

    [Fact]
    public void Text_lines_are_tab_separated_and_frames_select()
    {
        var lines = Sitiff.Run("stream", SampleFile.Path, "--frames", "10:12").Ok().Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var fields = lines[1].Split('\t');
        Assert.Equal("11", fields[0]);
        Assert.Equal("6", fields[1]);
        Assert.Equal((5 * 0.0036555328).ToString("F9", CultureInfo.InvariantCulture), fields[2]);
    }

    [Fact]
    public void Files_without_frame_headers_print_dashes()
    {
        var path = _dir.File("plain.tif");
        using (var w = TiffStackWriter.Create(path))
        {
            w.AppendFrame<ushort>([1, 2, 3, 6], 2, 2);
        }

        Assert.Equal("0\t-\t-\t3.0000\n", Sitiff.Run("stream", path).Ok().Out);
        Assert.Equal("{\"index\":0,\"frameNumber\":null,\"timestamp\":null,\"mean\":3}\n", Sitiff.Run("stream", path, "--json").Ok().Out);
    }

    [Fact]
    public void Follow_stops_at_the_end_of_acquisition()
    {
        // Long idle timeout: only endOfAcquisition = 1 in the last frame can end this quickly.
        var r = Sitiff.Run("stream", SampleFile.Path, "--follow", "--idle-timeout", "600").Ok();
        Assert.Equal(60, r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Follow_stops_after_the_idle_timeout_without_end_marker()
    {
        var path = _dir.File("no-end.tif");
        using (var w = TiffStackWriter.Create(path))
        {
            w.AppendFrame<short>(new short[4], 2, 2, "frameNumbers = 1\n");
            w.AppendFrame<short>(new short[4], 2, 2, "frameNumbers = 2\n");
        }

        var r = Sitiff.Run("stream", path, "--follow", "--idle-timeout", "0.3").Ok();
        Assert.Equal("0\t1\t-\t0.0000\n1\t2\t-\t0.0000\n", r.Out);
    }

    [Fact]
    public async Task Follow_reads_frames_as_they_are_appended()
    {
        var path = _dir.File("growing.tif");
        var writer = Task.Run(async () =>
        {
            using var w = TiffStackWriter.Create(path);
            for (var i = 0; i < 6; i++)
            {
                var end = i == 5 ? 1 : 0;
                w.AppendFrame<short>([(short)i, (short)i], 2, 1, $"frameNumbers = {i + 1}\nframeTimestamps_sec = {i}.000000000\nendOfAcquisition = {end}\n");
                w.Flush();
                await Task.Delay(150);
            }
        });

        var r = Sitiff.Run("stream", path, "--follow", "--json", "--idle-timeout", "60");
        await writer;
        r.Ok();
        var records = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToArray();
        Assert.Equal([0, 1, 2, 3, 4, 5], records.Select(j => (int)j["index"]!).ToArray());
        Assert.Equal([1L, 2, 3, 4, 5, 6], records.Select(j => (long)j["frameNumber"]!).ToArray());
        Assert.Equal([0.0, 1, 2, 3, 4, 5], records.Select(j => (double)j["mean"]!).ToArray());
    }

    [Fact]
    public void Follow_of_a_file_that_never_appears_is_exit_2()
    {
        var r = Sitiff.Run("stream", _dir.File("never.tif"), "--follow", "--idle-timeout", "0.2");
        Assert.Equal(2, r.Code);
        Assert.Contains("file not found", Assert.Single(r.ErrLines));
    }

    [Fact]
    public void Follow_of_one_frame_stops_after_it()
    {
        var r = Sitiff.Run("stream", SampleFile.Path, "--follow", "--frames", "7", "--idle-timeout", "600").Ok();
        Assert.StartsWith("7\t4\t", r.Out);
        Assert.Single(r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Follow_refuses_ranges_counted_from_the_end()
    {
        Assert.Equal(1, Sitiff.Run("stream", SampleFile.Path, "--follow", "--frames=-5:").Code);
    }
}
