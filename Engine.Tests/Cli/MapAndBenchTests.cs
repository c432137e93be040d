using System.Text.Json.Nodes;
using ScanImageTiff.Tests.Support;

namespace ScanImageTiff.Tests.Cli;

public sealed class MapAndBenchTests
{
    [CorpusFact]
    public void Map_has_one_entry_per_ifd_across_files()
    {
        var g = Corpus.Groups["si2021_fastz_vol_2ch_multifile"]!;
        var files = g["files"]!.AsArray().Select(f => Corpus.Path((string)f!)).Take(2).ToArray();
        var map = JsonNode.Parse(Sitiff.Run(["map", .. files, "--json"]).Ok().Out)!.AsArray();
        Assert.Equal(640, map.Count);
        for (var i = 0; i < map.Count; i++)
        {
            var e = map[i]!.AsObject();
            Assert.Equal(["ifd", "file", "volume", "slice", "frame", "channel", "flyback"], e.Select(p => p.Key).ToArray());
            Assert.Equal(i, (int)e["ifd"]!);
            Assert.Equal(files[i / 320], (string)e["file"]!);
        }
    }

    [Fact]
    public void Map_text_has_a_header_and_a_line_per_ifd()
    {
        var lines = Sitiff.Run("map", SampleFile.Path).Ok().Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(61, lines.Length);
        Assert.StartsWith("ifd\tvolume\tslice\tframe\tchannel\tflyback\tfile", lines[0]);
    }

    [Fact]
    public void Bench_reports_every_measurement_against_its_baseline()
    {
        var j = JsonNode.Parse(Sitiff.Run("bench", SampleFile.Path, "--json").Ok().Out)!.AsObject();
        Assert.Equal(60, (int)j["frames"]!);
        Assert.Equal(60 * 64 * 64 * 2, (long)j["bytes"]!);
        Assert.Equal(5, (int)j["repeats"]!);
        Assert.Equal(60, (int)j["zeroCopyFrames"]!);

        using (var reader = ScanImageTiffReader.Open(SampleFile.Path))
        {
            Assert.Equal(reader.ReadFrames<short>(0, 60).Sum(v => (long)v), (double)j["pixelSum"]!);
        }

        var m = j["measurements"]!.AsObject();
        foreach (var name in new[] { "open", "readNative", "readReused", "zeroCopySum", "interval", "memcpy", "memcpyFresh", "pointerSum", "memcpyInterval" })
        {
            var x = m[name]!;
            Assert.True((double)x["seconds"]! > 0, name);
            Assert.Equal(5, x["samples"]!.AsArray().Count);
        }

        Assert.Equal("memcpyFresh", (string)m["readNative"]!["baseline"]!);
        Assert.Equal("memcpy", (string)m["readReused"]!["baseline"]!);
        Assert.Equal("pointerSum", (string)m["zeroCopySum"]!["baseline"]!);
        Assert.Equal("memcpyInterval", (string)m["interval"]!["baseline"]!);
        Assert.NotNull(m["zeroCopySum"]!["ratioToBaseline"]);
        Assert.Equal(6 * 64 * 64 * 2, (long)m["interval"]!["bytes"]!); // middle 10 % of 60 frames
    }
}
