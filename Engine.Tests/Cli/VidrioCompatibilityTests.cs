using System.Security.Cryptography;
using System.Text;
using ScanImageTiff.Tests.Support;

namespace ScanImageTiff.Tests.Cli;

/// <summary>The ScanImageTiffReader drop-in commands against the outputs documented in spec scanimagetiffreader-api.md §2.1, §2.4, §6.</summary>
public sealed class VidrioCompatibilityTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public static TheoryData<string> Files => Corpus.FileNames();

    public void Dispose() => _dir.Dispose();

    [CorpusTheory]
    [InlineData("si2016_bigtiff_v3_3fr_512x512_TS_UnitTestImage_BigTIFF.tif", "Shape: 512 x 512 x 3 @ i16")]
    [InlineData("si2021_bigtiff_v4_2ch_512x512_hostpixelcorr.tif", "Shape: 512 x 512 x 2 @ i16")]
    [InlineData("si2023_slowstack_2ch_2slice_2fps_3vol_scanimage_20220923_noroi.tif", "Shape: 256 x 256 x 24 @ i16")]
    [InlineData("si38_classic_30fr_64x64_blank_ipa.tif", "Shape: 64 x 64 x 30 @ u16")]
    public void Image_shape_matches_scanimagetiffreader(string name, string expected)
    {
        Assert.Equal(expected + "\n", Sitiff.Run("image", "shape", Corpus.Path(name)).Ok().Out);
    }

    [Fact]
    public void Image_shape_of_a_single_frame_is_two_dimensional()
    {
        var path = _dir.File("one.tif");
        using (var w = TiffStackWriter.Create(path))
        {
            w.AppendFrame<short>(new short[512 * 512], 512, 512);
        }

        Assert.Equal("Shape: 512 x 512 @ i16\n", Sitiff.Run("image", "shape", path).Ok().Out);
    }

    [CorpusTheory]
    [InlineData("si38_classic_30fr_64x64_blank_ipa.tif", "240 kB")]
    [InlineData("si2016_bigtiff_v3_3fr_512x512_TS_UnitTestImage_BigTIFF.tif", "1.5 MB")]
    [InlineData("si2021_bigtiff_v4_2ch_512x512_hostpixelcorr.tif", "1 MB")]
    [InlineData("si2023_slowstack_2ch_2slice_2fps_3vol_scanimage_20220923_noroi.tif", "3 MB")]
    [InlineData("si38_resaved_by_adobe_10fr_256x256_sample_scanimage_version_3_8.tiff", "1.25 MB")]
    public void Image_bytes_is_human_readable(string name, string expected)
    {
        Assert.Equal(expected + "\n", Sitiff.Run("image", "bytes", Corpus.Path(name)).Ok().Out);
    }

    [CorpusTheory]
    [MemberData(nameof(Files))]
    public void Image_raw_writes_the_samples(string name)
    {
        var output = _dir.File("raw.bin");
        Sitiff.Run("image", "raw", Corpus.Path(name), output).Ok();
        Assert.Equal((string)Corpus.Files[name]!["pixel_sha256"]!, Hash.Sha256(File.ReadAllBytes(output)));
    }

    [CorpusTheory]
    [MemberData(nameof(Files))]
    public void Descriptions_of_one_frame_are_the_trimmed_text(string name)
    {
        foreach (var entry in Corpus.Files[name]!["descriptions"]!["text"]!.AsArray())
        {
            var ifd = (int)entry!["ifd"]!;
            var r = Sitiff.Run("descriptions", "--frame", $"{ifd}", Corpus.Path(name)).Ok();
            Assert.Equal((string)entry["text"]!, r.Out);
        }
    }

    [CorpusFact]
    public void All_descriptions_use_the_frame_header_blocks()
    {
        var name = "si2021_bigtiff_v4_2ch_512x512_hostpixelcorr.tif";
        var texts = Corpus.Files[name]!["descriptions"]!["text"]!.AsArray();
        var expected = $"[FRAME 0 HEADER]\n{(string)texts[0]!["text"]!}\n[FRAME 1 HEADER]\n{(string)texts[1]!["text"]!}\n";
        Assert.Equal(expected, Sitiff.Run("descriptions", Corpus.Path(name)).Ok().Out);

        var output = _dir.File("d.txt");
        Sitiff.Run("descriptions", Corpus.Path(name), output).Ok();
        Assert.Equal(expected, File.ReadAllText(output));
    }

    [Fact]
    public void All_descriptions_are_not_truncated_to_the_first_length()
    {
        var path = _dir.File("lengths.tif");
        using (var w = TiffStackWriter.Create(path))
        {
            w.AppendFrame<byte>(new byte[4], 2, 2, "a much longer description");
            w.AppendFrame<byte>(new byte[4], 2, 2, "x");
        }

        Assert.Equal("[FRAME 0 HEADER]\na much longer description\n\n[FRAME 1 HEADER]\nx\n\n", Sitiff.Run("descriptions", path).Ok().Out);
    }

    [CorpusTheory]
    [InlineData("si2016_bigtiff_v3_3fr_512x512_TS_UnitTestImage_BigTIFF.tif")]
    [InlineData("si2021_bigtiff_v4_2ch_512x512_hostpixelcorr.tif")]
    [InlineData("si2023_slowstack_2ch_2slice_2fps_3vol_scanimage_20220923_noroi.tif")]
    public void Metadata_is_section_0_a_newline_and_section_1(string name)
    {
        var si = Corpus.Files[name]!["scanimage"]!;
        var n0 = (int)si["section0_length"]!;
        var n1 = (int)si["section1_length"]!;
        var text = Encoding.UTF8.GetBytes(Sitiff.Run("metadata", Corpus.Path(name)).Ok().Out);

        Assert.Equal(n0 + n1 - 1, text.Length);
        Assert.Equal((string)si["section0_sha256"]!, Hash.Sha256(text.AsSpan(0, n0 - 1)));
        Assert.Equal((byte)'\n', text[n0 - 1]);
        Assert.Equal((string)si["section1_sha256"]!, Hash.Sha256(text.AsSpan(n0)));
    }

    [CorpusTheory]
    [InlineData("si2016_bigtiff_v3_3fr_512x512_TS_UnitTestImage_BigTIFF.tif", 9706)]
    [InlineData("si2021_bigtiff_v4_2ch_512x512_hostpixelcorr.tif", 21354)]
    [InlineData("si2023_slowstack_2ch_2slice_2fps_3vol_scanimage_20220923_noroi.tif", 20266)]
    public void Metadata_to_a_file_is_the_tools_exact_bytes(string name, int vidrioSize)
    {
        // Spec §2.4: n0 + n1 bytes, section 0's NUL replaced by a newline, section 1's NUL kept; §6: then a newline.
        var output = _dir.File("md.txt");
        Sitiff.Run("metadata", Corpus.Path(name), output).Ok();
        var bytes = File.ReadAllBytes(output);
        var n0 = (int)Corpus.Files[name]!["scanimage"]!["section0_length"]!;
        Assert.Equal(vidrioSize + 1, bytes.Length);
        Assert.Equal((byte)'\n', bytes[n0 - 1]);
        Assert.Equal(0, bytes[^2]);
        Assert.Equal((byte)'\n', bytes[^1]);
        Assert.Equal(1, bytes.Count(b => b == 0));
    }

    [CorpusTheory]
    [InlineData(0, "section0_sha256")]
    [InlineData(1, "section1_sha256")]
    public void Metadata_sections_are_the_stored_text(int section, string key)
    {
        foreach (var name in new[] { "si2016_bigtiff_v3_3fr_512x512_TS_UnitTestImage_BigTIFF.tif", "si2023_slowstack_2ch_2slice_2fps_3vol_scanimage_20220923_noroi.tif" })
        {
            var output = _dir.File($"s{section}.txt");
            Sitiff.Run("metadata", Corpus.Path(name), "--section", $"{section}", "--out", output).Ok();
            Assert.Equal((string)Corpus.Files[name]!["scanimage"]![key]!, Hash.Sha256(File.ReadAllBytes(output)));
        }
    }

    [CorpusFact]
    public void Metadata_json_is_the_parsed_settings_tree()
    {
        var r = Sitiff.Run("metadata", Corpus.Path("si2023_slowstack_2ch_2slice_2fps_3vol_scanimage_20220923_noroi.tif"), "--json").Ok();
        var si = System.Text.Json.Nodes.JsonNode.Parse(r.Out)!["SI"]!;
        Assert.Equal(4, (int)si["TIFF_FORMAT_VERSION"]!);
        Assert.Equal([1, 4], si["hChannels"]!["channelSave"]!.AsArray().Select(v => (int)v!));
        Assert.Equal("slow", (string)si["hStackManager"]!["stackMode"]!);
        Assert.Equal("Infinity", (string)si["hScan2D"]!["logFramesPerFile"]!);
    }

    [CorpusFact]
    public void Metadata_of_a_legacy_file_is_its_state_text_not_nul_bytes()
    {
        // Vidrio's reader returns 16,777,216 NUL bytes here; the right answer is the frame-invariant state text.
        var name = "si38_classic_30fr_64x64_blank_ipa.tif";
        var r = Sitiff.Run("metadata", Corpus.Path(name)).Ok();
        Assert.DoesNotContain('\0', r.Out);
        Assert.Equal((string)Corpus.Files[name]!["scanimage"]!["state_header"]!["sha256"]!, Hash.Sha256(System.Text.Encoding.UTF8.GetBytes(r.Out)));

        var plain = Path.Combine(Path.GetTempPath(), $"plain-{Guid.NewGuid():N}.tif");
        try
        {
            using (var w = TiffStackWriter.Create(plain))
            {
                w.AppendFrame<byte>(new byte[4], 2, 2, "not scanimage");
            }

            var p = Sitiff.Run("metadata", plain);
            Assert.Equal(0, p.Code);
            Assert.Equal(string.Empty, p.Out);
            Assert.Contains("not a ScanImage file", p.Err);
        }
        finally
        {
            File.Delete(plain);
        }
    }

    [Fact]
    public void Out_of_range_frame_is_a_usage_error()
    {
        Assert.Equal(1, Sitiff.Run("descriptions", "--frame", "60", SampleFile.Path).Code);
        Assert.Equal(SampleDescription(59), Sitiff.Run("descriptions", "--frame=-1", SampleFile.Path).Ok().Out);
    }

    private static string SampleDescription(int ifd)
    {
        using var r = ScanImageTiffReader.Open(SampleFile.Path);
        return r.GetDescription(ifd);
    }
}
