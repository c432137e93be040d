using System.Text.Json.Nodes;
using ScanImageTiff.Tests.Cli;
using ScanImageTiff.Tests.Tiff;
using Corpus = ScanImageTiff.Tests.Support.Corpus;

namespace ScanImageTiff.Tests.Compression;

/// <summary>
/// ScanImage 2016+ files recompressed by tiffcp or rewritten by tifffile lose the block after the header but keep
/// IFD 0's Software (section 0) and Artist (section 1) tags and every description: <c>info --json</c> must show the
/// same ScanImage meaning as for the original (everything but the path, the header form and the block version,
/// which only the lost block held), and the pixels must be the original's.
/// </summary>
public sealed class RecompressedScanImageTests
{
    public static TheoryData<string, string> Files()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in new[] { "si2021_bigtiff_v4_2ch_512x512_hostpixelcorr.tif", "si2016_bigtiff_v3_3fr_512x512_TS_UnitTestImage_BigTIFF.tif", "si2023_slowstack_2ch_2slice_2fps_3vol_scanimage_20220923_noroi.tif" })
        {
            data.Add(file, "tiffcp -c zstd");
            data.Add(file, "tiffcp -c zip:2 -8");
            data.Add(file, "tiffcp -c lzw -r 16");
        }

        return data;
    }

    [LibTiffTheory]
    [MemberData(nameof(Files))]
    public void Recompressed_file_reads_as_the_same_ScanImage_acquisition(string name, string command)
    {
        if (Corpus.Directory is null)
        {
            return; // reported by the corpus tests; nothing to recompress here.
        }

        var original = Corpus.Path(name);
        using var copy = new TempFile();
        var args = command.Split(' ');
        ExternalTools.Run(args[0], [.. args[1..], original, copy.Path]);

        var before = JsonNode.Parse(Sitiff.Run("info", "--json", original).Ok().Out)!.AsObject();
        var after = JsonNode.Parse(Sitiff.Run("info", "--json", copy.Path).Ok().Out)!.AsObject();
        Assert.Equal(Strip(before), Strip(after));

        // The block is gone, but its version is what section 0 records (SI.TIFF_FORMAT_VERSION): info shows the same.
        Assert.NotNull(FindNode(before, "formatVersion")?.GetValue<int?>());
        Assert.Equal(FindNode(before, "formatVersion")?.GetValue<int?>(), FindNode(after, "formatVersion")?.GetValue<int?>());

        using var a = ScanImageTiffReader.Open(original);
        using var b = ScanImageTiffReader.Open(copy.Path);
        Assert.Null(b.ScanImageBlockVersion);
        Assert.Equal(a.FrameCount, b.FrameCount);
        var n = a.FrameCount;
        var want = new byte[a.GetByteCount(0, n)];
        var got = new byte[b.GetByteCount(0, n)];
        a.ReadFramesLittleEndian(0, n, want);
        b.ReadFramesLittleEndian(0, n, got);
        Assert.True(want.AsSpan().SequenceEqual(got));
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(a.GetDescription(i), b.GetDescription(i));
        }
    }

    [LibTiffTheory]
    [InlineData("")]
    [InlineData("--channel 2")]
    [InlineData("--volume 2 --volume 4")]
    public void An_export_of_a_recompressed_file_reads_as_the_same_export_of_the_original(string options)
    {
        var selection = options.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // tiffcp drops the block after the header; the export must write it again from the recovered metadata, so it
        // describes itself exactly as the export of the original does, and holds the same pixels.
        using var recompressed = new TempFile();
        using var fromOriginal = new TempFile();
        using var fromCopy = new TempFile();
        ExternalTools.Run("tiffcp", ["-c", "zstd", Cli.SampleFile.Path, recompressed.Path]);
        Sitiff.Run(["data", Cli.SampleFile.Path, .. selection, "--format", "tif", "--out", fromOriginal.Path]).Ok();
        Sitiff.Run(["data", recompressed.Path, .. selection, "--format", "tif", "--out", fromCopy.Path]).Ok();

        var want = JsonNode.Parse(Sitiff.Run("info", "--json", fromOriginal.Path).Ok().Out)!.AsObject();
        var got = JsonNode.Parse(Sitiff.Run("info", "--json", fromCopy.Path).Ok().Out)!.AsObject();
        Assert.NotNull(FindNode(got, "formatVersion")?.GetValue<int?>());
        Assert.Equal(Strip(want), Strip(got));
        Assert.Equal(
            Sitiff.Run("data", fromOriginal.Path, "--checksum", "sha256").Ok().Out,
            Sitiff.Run("data", fromCopy.Path, "--checksum", "sha256").Ok().Out);
    }

    /// <summary>The JSON without what recompression changes by design: paths, header form, offsets.</summary>
    private static string Strip(JsonObject info)
    {
        var clone = JsonNode.Parse(info.ToJsonString())!.AsObject();
        Remove(clone);
        return clone.ToJsonString();

        static void Remove(JsonNode? node)
        {
            if (node is JsonObject o)
            {
                foreach (var key in new[] { "path", "paths", "file", "files", "bigTiff", "fileBytes", "fileLength", "dataOffset", "ifdOffset" })
                {
                    o.Remove(key);
                }

                foreach (var (_, child) in o.ToList())
                {
                    Remove(child);
                }
            }
            else if (node is JsonArray a)
            {
                foreach (var child in a)
                {
                    Remove(child);
                }
            }
        }
    }

    private static JsonNode? FindNode(JsonNode? node, string key) => node switch
    {
        JsonObject o when o.TryGetPropertyValue(key, out var v) => v,
        JsonObject o => o.Select(p => FindNode(p.Value, key)).FirstOrDefault(v => v is not null),
        JsonArray a => a.Select(c => FindNode(c, key)).FirstOrDefault(v => v is not null),
        _ => null,
    };
}
