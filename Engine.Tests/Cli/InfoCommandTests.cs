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
        var a = e["acquisition"]!;
        var si = j["scanImage"]!.AsObject();
        Assert.Equal(blockVersion is null ? "3" : "2016+", (string)si["era"]!);
        Assert.Equal((int?)blockVersion, (int?)si["formatVersion"]);
        Assert.Equal(blockVersion is null ? "legacy" : "matlab", (string)si["metadataFormat"]!);
        Assert.Equal(a["channels"]!.AsArray().Select(c => (int)c!), si["channels"]!.AsArray().Select(c => (int)c!));
        Assert.Equal((int)a["slices_per_volume"]!, (int)si["slices"]!);
        Assert.Equal((int)a["frames_per_slice"]!, (int)si["framesPerSlice"]!);
        Assert.Equal((int)a["volumes_complete"]!, (int)si["volumes"]!);
        Assert.Equal((int)a["flyback_frames_per_volume"]!, (int)si["flybackFramesPerVolume"]!);
        Assert.Equal((int)a["frames_per_volume_on_disk"]!, (int)si["framesPerVolumeOnDisk"]!);
        Assert.Equal((int)a["ifds_in_partial_volume"]!, (int)si["ifdsInPartialVolume"]!);
        Assert.Empty(si["rois"]!.AsArray());
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
        Assert.Contains("ScanImage     era 3, legacy metadata\n", r.Out);
        Assert.Contains("channels      2\n", r.Out);
        Assert.Contains("volumes       1 complete\n", r.Out);
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
