using System.Text.Json.Nodes;
using ScanImageTiff.Tests.Cli;
using ScanImageTiff.Tests.Tiff;
using Corpus = ScanImageTiff.Tests.Support.Corpus;

namespace ScanImageTiff.Tests.Compression;

/// <summary>
/// <c>sitiff data --format tif --compression</c> and <c>sitiff convert</c>: the files libtiff decodes to the
/// original's pixels, and that read as the same ScanImage acquisition (info --json equal but for the path).
/// </summary>
public sealed class CompressedExportTests
{
    private const string Name = "si2021_bigtiff_v4_2ch_512x512_hostpixelcorr.tif";

    [LibTiffTheory]
    [InlineData("zstd", false)]
    [InlineData("deflate", true)]
    [InlineData("lzw", true)]
    [InlineData("packbits", false)]
    public void Data_export_decodes_in_libtiff_to_the_original_pixels(string codec, bool predictor)
    {
        if (Corpus.Directory is null)
        {
            return;
        }

        var original = Corpus.Path(Name);
        using var export = new TempFile();
        using var unpacked = new TempFile();
        string[] args = ["data", original, "--out", export.Path, "--format", "tif", "--compression", codec];
        Sitiff.Run(predictor ? [.. args, "--predictor"] : args).Ok();
        ExternalTools.Run("tiffcp", "-c", "none", export.Path, unpacked.Path);
        Assert.Equal(Checksum(original), Checksum(unpacked.Path));
        Assert.Equal(Checksum(original), Checksum(export.Path));
        Assert.Equal(Info(original), Info(export.Path));
    }

    [Fact]
    public void Convert_recompresses_every_file_keeping_its_metadata()
    {
        if (Corpus.Directory is null)
        {
            return;
        }

        var folder = Path.Combine(Path.GetTempPath(), $"sitiff-convert-{Guid.NewGuid():N}");
        try
        {
            var inputs = Directory.GetFiles(Corpus.Path("si2021_fastz_vol_2ch_multifile"), "*.tif").Order().ToArray();
            var result = Sitiff.Run(["convert", .. inputs, "--out", folder, "--compression", "zstd"]).Ok();
            Assert.Equal(inputs.Length, result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            foreach (var input in inputs)
            {
                var output = Path.Combine(folder, Path.GetFileName(input));
                Assert.Equal(Checksum(input), Checksum(output));
                Assert.Equal(Info(input), Info(output));
                using var reader = ScanImageTiffReader.Open(output);
                Assert.False(reader.GetFrameInfo(0).IsContiguous);
            }

            Assert.Equal(Info(inputs), Info([.. inputs.Select(i => Path.Combine(folder, Path.GetFileName(i)))]));
            Assert.NotEqual(0, Sitiff.Run(["convert", inputs[0], "--out", Path.GetDirectoryName(inputs[0])!, "--compression", "zstd"]).Code);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static string Checksum(params string[] files) => Sitiff.Run(["data", .. files, "--checksum", "xxh3"]).Ok().Out.Trim();

    private static string Info(params string[] files)
    {
        var info = JsonNode.Parse(Sitiff.Run(["info", "--json", .. files]).Ok().Out)!.AsObject();
        info.Remove("files");
        return info.ToJsonString();
    }
}
