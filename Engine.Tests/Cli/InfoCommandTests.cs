using System.Text.Json.Nodes;
using ScanImageTiff.Tests.Support;

namespace ScanImageTiff.Tests.Cli;

public sealed class InfoCommandTests
{
    public static TheoryData<string> Files => Corpus.FileNames();

    [CorpusTheory]
    [MemberData(nameof(Files))]
    public void Json_matches_expected(string name)
    {
        var e = Corpus.Files[name]!.AsObject();
        var r = Sitiff.Run("info", Corpus.Path(name), "--json").Ok();
        var j = JsonNode.Parse(r.Out)!.AsObject();

        Assert.Equal((int)e["ifd_count"]!, (int)j["frames"]!);
        Assert.Equal((int)e["width"]!, (int)j["width"]!);
        Assert.Equal((int)e["height"]!, (int)j["height"]!);
        Assert.Equal((string)e["dtype"]!, (string)j["dtype"]!);
        Assert.Equal((string)e["byte_order"]!, (string)j["byteOrder"]!);
        Assert.Equal((bool)e["bigtiff"]!, (bool)j["bigTiff"]!);
        Assert.Equal((bool)e["all_ifds_same_layout"]!, (bool)j["uniform"]!);
        Assert.Equal(Corpus.Path(name), (string)j["files"]![0]!);

        var blockVersion = e["scanimage"]!["block_version"];
        if (blockVersion is null)
        {
            Assert.Null(j["scanImage"]);
        }
        else
        {
            var si = j["scanImage"]!.AsObject();
            Assert.Equal("2016+", (string)si["era"]!);
            Assert.Equal((int)blockVersion, (int)si["formatVersion"]!);
            Assert.Equal("matlab", (string)si["metadataFormat"]!);
            foreach (var key in new[] { "channels", "slices", "framesPerSlice", "volumes", "flybackFramesPerVolume", "framesPerVolumeOnDisk", "rois" })
            {
                Assert.True(si.ContainsKey(key), key);
            }
        }
    }

    [CorpusFact]
    public void Multi_file_groups_sum_their_frames()
    {
        foreach (var (_, node) in Corpus.Groups)
        {
            var g = node!.AsObject();
            var files = g["files"]!.AsArray().Select(f => Corpus.Path((string)f!)).ToArray();
            var r = Sitiff.Run(["info", "--json", .. files]).Ok();
            var j = JsonNode.Parse(r.Out)!;
            Assert.Equal((int)g["total_ifds"]!, (int)j["frames"]!);
            Assert.Equal(files, j["files"]!.AsArray().Select(f => (string)f!).ToArray());
            Assert.True((bool)j["uniform"]!);
        }
    }

    [CorpusFact]
    public void Table_names_the_shape_and_type()
    {
        var r = Sitiff.Run("info", Corpus.Path("si38_classic_30fr_64x64_blank_ipa.tif")).Ok();
        Assert.Contains("frames        30\n", r.Out);
        Assert.Contains("dtype         uint16\n", r.Out);
        Assert.Contains("BigTIFF       no\n", r.Out);
        Assert.Contains("no ScanImage 2016+ metadata block", r.Out);
    }

    [Fact]
    public void Sample_is_a_scanimage_2016_plus_file()
    {
        var j = JsonNode.Parse(Sitiff.Run("info", "--json", SampleFile.Path).Ok().Out)!;
        Assert.Equal(60, (int)j["frames"]!);
        Assert.Equal(64, (int)j["width"]!);
        Assert.Equal("int16", (string)j["dtype"]!);
        Assert.Equal(4, (int)j["scanImage"]!["formatVersion"]!);
    }
}
