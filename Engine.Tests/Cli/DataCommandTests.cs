using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;
using ScanImageTiff.Tests.Support;

namespace ScanImageTiff.Tests.Cli;

public sealed class DataCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public static TheoryData<string> Files => Corpus.FileNames();

    public void Dispose() => _dir.Dispose();

    [CorpusTheory]
    [MemberData(nameof(Files))]
    public void Checksum_of_all_frames_is_pixel_sha256(string name)
    {
        var r = Sitiff.Run("data", Corpus.Path(name), "--checksum", "sha256").Ok();
        Assert.Equal("sha256:" + (string)Corpus.Files[name]!["pixel_sha256"]! + "\n", r.Out);
    }

    [CorpusFact]
    public void Checksum_of_a_whole_group_is_the_group_pixel_sha256()
    {
        foreach (var (_, node) in Corpus.Groups)
        {
            var files = node!["files"]!.AsArray().Select(f => Corpus.Path((string)f!)).ToArray();
            var r = Sitiff.Run(["data", .. files, "--checksum", "sha256"]).Ok();
            Assert.Equal("sha256:" + (string)node["pixel_sha256"]! + "\n", r.Out);
        }
    }

    [CorpusTheory]
    [MemberData(nameof(Files))]
    public void Single_frame_ranges_hash_to_frame_sha256(string name)
    {
        var e = Corpus.Files[name]!;
        var count = (int)e["ifd_count"]!;
        foreach (var entry in e["frame_sha256"]!.AsArray())
        {
            var ifd = (int)entry!["ifd"]!;
            var expected = "sha256:" + (string)entry["sha256"]! + "\n";
            Assert.Equal(expected, Sitiff.Run("data", Corpus.Path(name), "--frames", $"{ifd}:{ifd + 1}", "--checksum", "sha256").Ok().Out);
            Assert.Equal(expected, Sitiff.Run("data", Corpus.Path(name), $"--frames={ifd}", "--checksum", "sha256").Ok().Out);
            if (ifd < count - 1)
            {
                Assert.Equal(expected, Sitiff.Run("data", Corpus.Path(name), $"--frames={ifd - count}:{ifd - count + 1}", "--checksum", "sha256").Ok().Out);
            }
        }

        var last = (string)e["frame_sha256"]!.AsArray()[^1]!["sha256"]!;
        Assert.Equal("sha256:" + last + "\n", Sitiff.Run("data", Corpus.Path(name), "--frames=-1:", "--checksum", "sha256").Ok().Out);
    }

    [CorpusFact]
    public void A_range_crossing_files_hashes_the_frames_in_order()
    {
        var g = Corpus.Groups["si2021_fastz_vol_1ch_multifile"]!;
        var files = g["files"]!.AsArray().Select(f => Corpus.Path((string)f!)).ToArray();

        // Global IFDs 158..162: the last two of file 1 and the first three of file 2.
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var a = ScanImageTiffReader.Open(files[0]))
        {
            sha.AppendData(Bytes(a, 158, 160));
        }

        using (var b = ScanImageTiffReader.Open(files[1]))
        {
            sha.AppendData(Bytes(b, 0, 3));
        }

        var r = Sitiff.Run(["data", .. files.Take(3), "--frames", "158:163", "--checksum", "sha256"]).Ok();
        Assert.Equal("sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset()) + "\n", r.Out);
    }

    [CorpusFact]
    public void Xxh3_is_the_64_bit_xxh3_of_the_samples()
    {
        var path = Corpus.Path("si2016_bigtiff_v3_3fr_512x512_TS_UnitTestImage_BigTIFF.tif");
        using var reader = ScanImageTiffReader.Open(path);
        var expected = Convert.ToHexStringLower(XxHash3.Hash(Bytes(reader, 1, 3)));
        Assert.Equal($"xxh3:{expected}\n", Sitiff.Run("data", path, "--frames", "1:", "--checksum", "xxh3").Ok().Out);
    }

    [CorpusFact]
    public void Npy_export_has_a_numpy_header_and_the_samples()
    {
        var name = "si2016_bigtiff_v3_3fr_512x512_TS_UnitTestImage_BigTIFF.tif";
        var output = _dir.File("stack.npy");
        Sitiff.Run("data", Corpus.Path(name), "--out", output).Ok();

        var bytes = File.ReadAllBytes(output);
        var (descr, fortran, shape, dataStart) = ParseNpy(bytes);
        Assert.Equal("<i2", descr);
        Assert.False(fortran);
        Assert.Equal([3, 512, 512], shape);
        Assert.Equal(0, dataStart % 64);
        Assert.Equal(3 * 512 * 512 * 2, bytes.Length - dataStart);
        Assert.Equal((string)Corpus.Files[name]!["pixel_sha256"]!, Hash.Sha256(bytes.AsSpan(dataStart)));
    }

    [CorpusFact]
    public void Npy_of_uint16_frames_says_u2_and_keeps_the_frame_count_of_the_range()
    {
        var name = "si38_classic_30fr_64x64_blank_ipa.tif";
        var output = _dir.File("part.bin");
        Sitiff.Run("data", Corpus.Path(name), "--frames", "5:-5", "--out", output, "--format", "npy").Ok();
        var bytes = File.ReadAllBytes(output);
        var (descr, _, shape, dataStart) = ParseNpy(bytes);
        Assert.Equal("<u2", descr);
        Assert.Equal([20, 64, 64], shape);
        Assert.Equal(20 * 64 * 64 * 2, bytes.Length - dataStart);
    }

    [CorpusFact]
    public void Raw_export_with_checksum_writes_the_samples_and_prints_their_hash()
    {
        var name = "si2023_slowstack_2ch_2slice_2fps_3vol_scanimage_20220923_noroi.tif";
        var output = _dir.File("all.raw");
        var r = Sitiff.Run("data", Corpus.Path(name), "--out", output, "--checksum", "sha256").Ok();
        var expected = (string)Corpus.Files[name]!["pixel_sha256"]!;
        Assert.Equal($"sha256:{expected}\n", r.Out);
        Assert.Equal(expected, Hash.Sha256(File.ReadAllBytes(output)));
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.partial"));
    }

    [Fact]
    public void Tif_export_of_the_sample_is_a_scanimage_file_with_the_same_frames()
    {
        var output = _dir.File("part.tif");
        Sitiff.Run("data", SampleFile.Path, "--frames", "3:17", "--out", output).Ok();

        using var source = ScanImageTiffReader.Open(SampleFile.Path);
        using var copy = ScanImageTiffReader.Open(output);
        Assert.Equal(14, copy.FrameCount);
        Assert.Equal(source.ScanImageBlockVersion, copy.ScanImageBlockVersion);

        // The export describes itself (issue 12): the 14 IFDs span volumes 0 and 1, so numVolumes says 2; frame
        // headers are kept except frameNumbers, which counts over the export. Everything else is as in the source.
        var s0 = System.Text.Encoding.UTF8.GetString(copy.GetScanImageSectionBytes(0));
        Assert.Contains("SI.hStackManager.actualNumVolumes = 2\n", s0, StringComparison.Ordinal);
        Assert.Equal(
            System.Text.Encoding.UTF8.GetString(source.GetScanImageSectionBytes(0)).Split('\n').Where(l => !l.Contains("NumVolumes", StringComparison.OrdinalIgnoreCase)),
            s0.Split('\n').Where(l => !l.Contains("NumVolumes", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(source.GetScanImageSectionBytes(1), copy.GetScanImageSectionBytes(1));
        static string WithoutFrameNumber(string d) => string.Join('\n', d.Split('\n').Where(l => !l.StartsWith("frameNumbers", StringComparison.Ordinal)));
        for (var i = 0; i < copy.FrameCount; i++)
        {
            Assert.Equal(WithoutFrameNumber(source.GetDescription(3 + i)), WithoutFrameNumber(copy.GetDescription(i)));
            Assert.Equal(2001, copy.GetDescriptionByteCount(i));
            Assert.True(source.GetFrameMemory<short>(3 + i).Span.SequenceEqual(copy.GetFrameMemory<short>(i).Span));
        }
    }

    [CorpusFact]
    public void Tif_export_keeps_the_block_version_and_plain_files_stay_plain()
    {
        var v3 = Corpus.Path("si2016_bigtiff_v3_3fr_512x512_TS_UnitTestImage_BigTIFF.tif");
        var out3 = _dir.File("v3.tif");
        Sitiff.Run("data", v3, "--out", out3).Ok();
        using (var copy = ScanImageTiffReader.Open(out3))
        using (var source = ScanImageTiffReader.Open(v3))
        {
            Assert.Equal(3, copy.ScanImageBlockVersion);
            Assert.Equal(source.GetScanImageSectionBytes(0), copy.GetScanImageSectionBytes(0));
            Assert.Equal(source.GetDescription(2), copy.GetDescription(2));
        }

        var plain = Corpus.Path("si38_classic_30fr_64x64_blank_ipa.tif");
        var outPlain = _dir.File("plain.tiff");
        Sitiff.Run("data", plain, "--frames", ":4", "--out", outPlain).Ok();
        using var p = ScanImageTiffReader.Open(outPlain);
        using var s = ScanImageTiffReader.Open(plain);
        Assert.Null(p.ScanImageBlockVersion);
        Assert.Equal(4, p.FrameCount);
        Assert.Equal(s.GetDescription(3), p.GetDescription(3));
        Assert.Equal((string)Corpus.Files["si38_classic_30fr_64x64_blank_ipa.tif"]!["frame_sha256"]![2]!["sha256"]!, Hash.Sha256(Bytes(p, 2, 3)));
    }

    [Fact]
    public void Mixed_shapes_refuse_npy_with_exit_2_and_leave_no_output()
    {
        var input = MixedShapeFile();
        var output = _dir.File("mixed.npy");
        var r = Sitiff.Run("data", input, "--out", output);
        Assert.Equal(2, r.Code);
        Assert.Single(r.ErrLines);
        Assert.Contains("differ in shape", r.Err);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.partial", SearchOption.AllDirectories));
    }

    [Fact]
    public void Mixed_shapes_are_fine_for_a_checksum_and_for_tif()
    {
        var input = MixedShapeFile();
        using var reader = ScanImageTiffReader.Open(input);
        var all = new byte[reader.GetByteCount(0, 3)];
        reader.ReadFramesLittleEndian(0, 3, all);
        Assert.Equal($"sha256:{Hash.Sha256(all)}\n", Sitiff.Run("data", input, "--checksum", "sha256").Ok().Out);

        var output = _dir.File("mixed.tif");
        Sitiff.Run("data", input, "--out", output).Ok();
        using var copy = ScanImageTiffReader.Open(output);
        Assert.Equal(32, copy.GetFrameInfo(1).Width);
        Assert.Equal("second", copy.GetDescription(1));
    }

    [Fact]
    public void A_failed_export_keeps_the_previous_file_and_leaves_no_temporary()
    {
        var output = _dir.File("keep.npy");
        File.WriteAllText(output, "previous");
        var r = Sitiff.Run("data", MixedShapeFile(), "--out", output);
        Assert.Equal(2, r.Code);
        Assert.Equal("previous", File.ReadAllText(output));
        Assert.Single(Directory.GetFiles(_dir.Path, "keep*"));
    }

    [Fact]
    public void Channel_and_slice_select_the_right_ifds_skipping_flyback()
    {
        // Sample: 2 channels, 4 slices + 2 flyback frames per volume, 5 volumes -> IFD = c + 2·(z + 6·v).
        var r = Sitiff.Run("data", SampleFile.Path, "--channel", "2", "--slice", "3", "--checksum", "sha256").Ok();
        using var reader = ScanImageTiffReader.Open(SampleFile.Path);
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var v in Enumerable.Range(0, 5))
        {
            sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(reader.GetFrameMemory<short>(1 + (2 * (3 + (6 * v)))).Span));
        }

        Assert.Equal($"sha256:{Convert.ToHexStringLower(sha.GetHashAndReset())}\n", r.Out);

        var all = Sitiff.Run("map", SampleFile.Path, "--json").Ok().Out;
        Assert.Equal(20, all.Split('\n').Count(l => l.Contains("\"flyback\":true", StringComparison.Ordinal)));
        Assert.Equal(1, Sitiff.Run("data", SampleFile.Path, "--channel", "3", "--checksum", "sha256").Code);
        Assert.Equal(1, Sitiff.Run("data", SampleFile.Path, "--roi", "0", "--checksum", "sha256").Code);
    }

    [Theory]
    [InlineData("--frames", "x:y")]
    [InlineData("--frames", "10:20:2")]
    [InlineData("--format", "png")]
    [InlineData("--checksum", "md5")]
    public void Bad_values_are_usage_errors(string option, string value)
    {
        var r = Sitiff.Run("data", SampleFile.Path, option, value, "--checksum", "sha256");
        Assert.Equal(1, r.Code);
    }

    [Fact]
    public void Empty_selection_and_nothing_to_do_are_usage_errors()
    {
        Assert.Equal(1, Sitiff.Run("data", SampleFile.Path, "--frames", "5:5", "--checksum", "sha256").Code);
        Assert.Equal(1, Sitiff.Run("data", SampleFile.Path).Code);
        Assert.Equal(1, Sitiff.Run("data", SampleFile.Path, "--frames", "60", "--checksum", "sha256").Code);
    }

    internal static byte[] Bytes(ScanImageTiffReader reader, int start, int end)
    {
        var bytes = new byte[reader.GetByteCount(start, end)];
        reader.ReadFramesLittleEndian(start, end, bytes);
        return bytes;
    }

    /// <summary>Parses a .npy header by the format's definition (NEP 1): magic, version, length, dict literal.</summary>
    internal static (string Descr, bool Fortran, long[] Shape, int DataStart) ParseNpy(byte[] bytes)
    {
        Assert.Equal([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'], bytes[..6]);
        var major = bytes[6];
        Assert.Equal(0, bytes[7]);
        var (length, start) = major switch
        {
            1 => (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)), 10),
            2 => ((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)), 12),
            _ => throw new InvalidOperationException($"npy version {major}"),
        };
        var header = Encoding.ASCII.GetString(bytes, start, length);
        Assert.EndsWith("\n", header);
        var descr = System.Text.RegularExpressions.Regex.Match(header, @"'descr':\s*'([^']*)'").Groups[1].Value;
        var fortran = System.Text.RegularExpressions.Regex.Match(header, @"'fortran_order':\s*(True|False)").Groups[1].Value == "True";
        var shapeText = System.Text.RegularExpressions.Regex.Match(header, @"'shape':\s*\(([^)]*)\)").Groups[1].Value;
        var shape = shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(long.Parse).ToArray();
        Assert.StartsWith("{", header);
        return (descr, fortran, shape, start + length);
    }

    private string MixedShapeFile()
    {
        var path = _dir.File("mixed-input.tif");
        if (!File.Exists(path))
        {
            using var w = TiffStackWriter.Create(path);
            w.AppendFrame<short>(Enumerable.Range(0, 64 * 64).Select(i => (short)i).ToArray(), 64, 64, "first");
            w.AppendFrame<short>(Enumerable.Range(0, 32 * 32).Select(i => (short)-i).ToArray(), 32, 32, "second");
            w.AppendFrame<short>(Enumerable.Range(0, 64 * 64).Select(i => (short)(i * 3)).ToArray(), 64, 64, "third");
        }

        return path;
    }
}
