using System.Text;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Tests.Acquisition;

/// <summary>Eras and shapes the real corpus does not cover, built in code.</summary>
public sealed class SyntheticAcquisitionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sitiff-acq-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Multi_roi_pages_split_into_three_fields_of_different_sizes()
    {
        // Three ROIs: 40x30, 24x20 and 16x10 (width x height) stacked with 5 fly-to lines: page 40 x 70.
        int[] widths = [40, 24, 16];
        int[] heights = [30, 20, 10];
        const int gap = 5;
        const int pageWidth = 40;
        var pageHeight = heights.Sum() + (2 * gap);
        var section0 = "SI.VERSION_MAJOR = 2021\nSI.hChannels.channelSave = 1\nSI.hRoiManager.mroiEnable = true\n" +
            "SI.hRoiManager.linePeriod = 4e-05\nSI.hScan2D.flytoTimePerScanfield = 0.0002\nSI.hStackManager.enable = false\nSI.hStackManager.framesPerSlice = 3\n";
        var rois = string.Join(",", Enumerable.Range(0, 3).Select(i =>
            $$$"""{"name":"roi{{{i}}}","enable":1,"zs":0,"discretePlaneMode":0,"scanfields":{"centerXY":[0,0],"sizeXY":[1,1],"rotationDegrees":0,"enable":1,"pixelResolutionXY":[{{{widths[i]}}},{{{heights[i]}}}]}}"""));
        var section1 = $$$"""{"RoiGroups":{"imagingRoiGroup":{"name":"three","rois":[{{{rois}}}]},"photostimRoiGroups":null,"integrationRoiGroup":null}}""";
        var path = Path.Combine(_dir, "mroi_00001_00001.tif");
        using (var w = TiffStackWriter.Create(path, TiffWriterOptions.ScanImage(Encoding.UTF8.GetBytes(section0), Encoding.UTF8.GetBytes(section1))))
        {
            for (var f = 0; f < 3; f++)
            {
                w.AppendFrame<short>(Page(f), pageWidth, pageHeight, $"frameNumbers = {f + 1}\n");
            }
        }

        using var a = ScanImageAcquisition.Open(path);
        Assert.Equal(3, a.Rois.Count);
        Assert.Equal([0, 35, 60], a.Rois.Select(r => r.Row));
        Assert.Equal(heights, a.Rois.Select(r => r.Height));
        Assert.Equal(widths, a.Rois.Select(r => r.Width));
        Assert.Equal(["roi0", "roi1", "roi2"], a.Rois.Select(r => r.Name));
        Assert.Null(a.RoiNote); // 0.0002 / 4e-05 = 5 lines, as in the page

        for (var f = 0; f < 3; f++)
        {
            for (var r = 0; r < 3; r++)
            {
                var view = a.GetRoiMemory<short>(f, r).Span;
                Assert.Equal(heights[r], view.Height);
                Assert.Equal(widths[r], view.Width);
                for (var y = 0; y < view.Height; y++)
                {
                    for (var x = 0; x < view.Width; x++)
                    {
                        Assert.Equal(Value(f, a.Rois[r].Row + y, x), view[y, x]);
                    }
                }
            }
        }

        var series = a.ReadRoi<short>(1, [0, 2]);
        Assert.Equal(2 * 24 * 20, series.Length);
        Assert.Equal(Value(2, 35, 0), series[24 * 20]);

        short[] Page(int f)
        {
            var page = new short[pageWidth * pageHeight];
            for (var y = 0; y < pageHeight; y++)
            {
                for (var x = 0; x < pageWidth; x++)
                {
                    page[(y * pageWidth) + x] = Value(f, y, x);
                }
            }

            return page;
        }

        static short Value(int f, int y, int x) => (short)((f * 10000) + (y * 100) + x);
    }

    [Fact]
    public void Frame_header_columns_span_chunks_and_files_in_order()
    {
        // Two files of 9 000 and 8 500 frames: the columns are filled in chunks of 8 192 frames, so rows
        // land in three chunks per file and each must go to its own place. Values are written, not parsed back.
        const string section0 = "SI.hChannels.channelSave = 1\nSI.hStackManager.actualNumSlices = 1\nSI.hStackManager.framesPerSlice = 17500\n";
        int[] counts = [9000, 8500];
        var paths = new List<string>();
        var frame = 0;
        for (var f = 0; f < counts.Length; f++)
        {
            var path = Path.Combine(_dir, $"chunks_00001_{f + 1:00000}.tif");
            paths.Add(path);
            using var w = TiffStackWriter.Create(path, TiffWriterOptions.ScanImage(Encoding.UTF8.GetBytes(section0), "{}"u8.ToArray()));
            for (var i = 0; i < counts[f]; i++, frame++)
            {
                var eoa = frame == 17499 ? 1 : 0;
                w.AppendFrame<short>(new short[4], 2, 2, $"frameNumbers = {frame + 1}\nacquisitionNumbers = 1\nframeNumberAcquisition = {frame + 1}\nframeTimestamps_sec = {frame}.{frame % 1000:000}250\nendOfAcquisition = {eoa}\n");
            }
        }

        foreach (var backend in new[] { ReadBackend.Mapped, ReadBackend.RandomAccess })
        {
            using var a = ScanImageAcquisition.Open(paths, options: new ReaderOptions { Backend = backend });
            var c = a.ReadFrameHeaderColumns();
            Assert.Equal(17500, c.Count);
            Assert.Equal(Enumerable.Range(1, 17500).Select(n => (long)n), c.FrameNumbers);
            Assert.Equal(Enumerable.Range(1, 17500).Select(n => (long)n), c.FrameNumberAcquisition);
            Assert.All(c.AcquisitionNumbers, n => Assert.Equal(1, n));
            Assert.Equal(Enumerable.Range(0, 17500).Select(n => n + ((n % 1000) / 1000.0) + 0.00025), c.FrameTimestamps, (x, y) => Math.Abs(x - y) < 1e-9);
            Assert.All(c.AcqTriggerTimestamps, t => Assert.True(double.IsNaN(t)));
            Assert.Equal([17499], Enumerable.Range(0, c.Count).Where(i => c.EndOfAcquisition[i]));
        }
    }

    [Fact]
    public void Json_section0_gives_the_same_structure_as_text()
    {
        const string text = "SI.hChannels.channelSave = [1 2]\nSI.hStackManager.enable = true\nSI.hStackManager.stackMode = 'fast'\n" +
            "SI.hStackManager.actualNumSlices = 3\nSI.hStackManager.framesPerSlice = 1\nSI.hStackManager.numFramesPerVolume = 3\n" +
            "SI.hStackManager.numFramesPerVolumeWithFlyback = 5\nSI.hStackManager.actualNumVolumes = 2\nSI.hFastZ.enable = true\n";
        const string json = """
            {
              "SI": {
                "hChannels": { "channelSave": [1, 2] },
                "hStackManager": { "enable": 1, "stackMode": "fast", "actualNumSlices": 3, "framesPerSlice": 1,
                                   "numFramesPerVolume": 3, "numFramesPerVolumeWithFlyback": 5, "actualNumVolumes": 2 },
                "hFastZ": { "enable": 1 }
              }
            }
            """;
        foreach (var (section0, format) in new[] { (text, ScanImageMetadataFormat.Matlab), (json, ScanImageMetadataFormat.Json) })
        {
            var path = Path.Combine(_dir, $"s_{format}.tif");
            using (var w = TiffStackWriter.Create(path, TiffWriterOptions.ScanImage(Encoding.UTF8.GetBytes(section0), "{}"u8.ToArray())))
            {
                for (var i = 0; i < 2 * 5 * 2; i++)
                {
                    w.AppendFrame<short>(new short[4], 2, 2, $$"""{"frameNumbers": {{(i / 2) + 1}}, "frameTimestamps_sec": {{i * 0.5}}}""");
                }
            }

            using var a = ScanImageAcquisition.Open(path);
            Assert.Equal(format, a.Metadata!.Format);
            var s = a.Structure!;
            Assert.Equal([1, 2], s.Channels);
            Assert.Equal(3, s.SlicesPerVolume);
            Assert.Equal(2, s.FlybackFramesPerVolume);
            Assert.Equal(2, s.VolumesComplete);
            Assert.Equal("fast", s.StackMode);
            Assert.True(s.Locate(7).IsFlyback); // t = 3 -> k = 3 >= 3 slices
            Assert.Equal(8, a.GetFrameHeader(14).FrameNumber ?? -1);
            if (format == ScanImageMetadataFormat.Json)
            {
                var vidrio = Encoding.UTF8.GetString(a.Metadata.GetVidrioMetadata());
                Assert.StartsWith("{", vidrio, StringComparison.Ordinal);
                Assert.Contains("\"SI\"", vidrio, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Si5_descriptions_give_era_5_and_structure()
    {
        var path = Path.Combine(_dir, "si5.tif");
        using (var w = TiffStackWriter.Create(path, new TiffWriterOptions { BigTiff = false }))
        {
            for (var i = 0; i < 6; i++)
            {
                w.AppendFrame<short>(new short[4], 2, 2,
                    $"Frame Number = {(i / 2) + 1}\nFrame Timestamp(s) = {i * 0.1:0.000}\nAcq Trigger Timestamp(s) = 0\nNext File Marker Timestamp(s) = 0\nDC Overvoltage = 0\n" +
                    "scanimage.SI5.VERSION_MAJOR = 5\nscanimage.SI5.channelsSave = [1;3]\nscanimage.SI5.acqNumFrames = 3\nscanimage.SI5.stackNumSlices = 1\n");
            }
        }

        using var a = ScanImageAcquisition.Open(path);
        Assert.Equal(ScanImageEra.SI5, a.Metadata!.Era);
        Assert.StartsWith("scanimage.SI5.VERSION_MAJOR = 5", a.Metadata.Section0Text, StringComparison.Ordinal);
        Assert.Equal([1, 3], a.Structure!.Channels);
        Assert.Equal(3, a.Structure.FramesPerSlice);
        Assert.Equal(1, a.Structure.VolumesComplete);
        Assert.Equal(3, a.Structure.Locate(5).Channel);
        Assert.Equal(3, a.GetFrameHeader(4).FrameNumber);
    }

    [Fact]
    public void Si2015_appended_block_is_section1_and_vidrio_metadata()
    {
        var path = Path.Combine(_dir, "si2015.tif");
        using (var w = TiffStackWriter.Create(path, new TiffWriterOptions { BigTiff = false }))
        {
            for (var i = 0; i < 4; i++)
            {
                w.AppendFrame<short>(new short[4], 2, 2,
                    $"frameNumbers = {i + 1}\nframeTimestamps_sec = {i * 0.25:0.000000}\n" +
                    "scanimage.SI.VERSION_MAJOR = '2015'\nscanimage.SI.hChannels.channelSave = 1\nscanimage.SI.hStackManager.framesPerSlice = 4\n");
            }
        }

        var block = "appendedTiffData = 'roi stuff'"u8.ToArray();
        using (var f = new FileStream(path, FileMode.Append))
        {
            f.Write(block);
            f.Write(BitConverter.GetBytes((uint)block.Length));
        }

        using var a = ScanImageAcquisition.Open(path);
        var m = a.Metadata!;
        Assert.Equal(ScanImageEra.SI2015, m.Era);
        Assert.Equal(block, m.Section1.ToArray());
        Assert.Equal(1, (int)m.Get("SI.hChannels.channelSave")!.AsDouble());
        Assert.Equal(4, a.Structure!.FramesPerSlice);
        var vidrio = Encoding.UTF8.GetString(m.GetVidrioMetadata());
        Assert.StartsWith("scanimage.SI.VERSION_MAJOR = '2015'\n", vidrio, StringComparison.Ordinal);
        Assert.EndsWith("\nappendedTiffData = 'roi stuff'", vidrio, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_of_different_acquisitions_are_refused_and_plain_tiffs_have_no_metadata()
    {
        var a1 = Path.Combine(_dir, "a.tif");
        var b1 = Path.Combine(_dir, "b.tif");
        foreach (var (path, text) in new[] { (a1, "SI.hChannels.channelSave = 1\n"), (b1, "SI.hChannels.channelSave = 2\n") })
        {
            using var w = TiffStackWriter.Create(path, TiffWriterOptions.ScanImage(Encoding.UTF8.GetBytes(text), "{}"u8.ToArray()));
            w.AppendFrame<short>(new short[4], 2, 2, "frameNumbers = 1\n");
        }

        var e = Assert.Throws<InvalidDataException>(() => ScanImageAcquisition.Open([a1, b1]));
        Assert.Contains("b.tif", e.Message, StringComparison.Ordinal);

        var plain = Path.Combine(_dir, "plain.tif");
        using (var w = TiffStackWriter.Create(plain))
        {
            w.AppendFrame<byte>(new byte[4], 2, 2, "not scanimage");
        }

        using var p = ScanImageAcquisition.Open(plain);
        Assert.Null(p.Metadata);
        Assert.Null(p.Structure);
        Assert.Empty(p.Rois);
    }

    [Fact]
    public void Partial_last_volume_is_reported_not_dropped()
    {
        const string text = "SI.hChannels.channelSave = [1 2]\nSI.hStackManager.enable = true\nSI.hStackManager.stackMode = 'slow'\n" +
            "SI.hStackManager.actualNumSlices = 2\nSI.hStackManager.framesPerSlice = 1\n";
        var path = Path.Combine(_dir, "partial.tif");
        using (var w = TiffStackWriter.Create(path, TiffWriterOptions.ScanImage(Encoding.UTF8.GetBytes(text), "{}"u8.ToArray())))
        {
            for (var i = 0; i < 11; i++)
            {
                w.AppendFrame<short>(new short[4], 2, 2, $"frameNumbers = {(i / 2) + 1}\n");
            }
        }

        using var a = ScanImageAcquisition.Open(path);
        Assert.Equal(2, a.Structure!.VolumesComplete);
        Assert.Equal(3, a.Structure.IfdsInPartialVolumes);
        Assert.Equal(2, a.Structure.Locate(10).Volume);
    }

    [Theory]
    [InlineData("[0 -1]")]
    [InlineData("[1 2147483648]")]
    [InlineData("[1 1]")]
    [InlineData("1.5")]
    public void A_channel_list_that_is_not_one_is_an_error_naming_the_key(string channelSave)
    {
        var path = Write($"bad-channels-{channelSave.GetHashCode():x}.tif", $"SI.hChannels.channelSave = {channelSave}\n", 4);
        using var a = ScanImageAcquisition.Open(path);
        var e = Assert.Throws<InvalidDataException>(() => a.Structure);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("SI.hChannels.channelSave", e.Message, StringComparison.Ordinal);

        // The offset names where the key stands in the file.
        var at = long.Parse(System.Text.RegularExpressions.Regex.Match(e.Message, @"at byte offset (\d+)$").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("channelSave = " + channelSave, Encoding.UTF8.GetString(File.ReadAllBytes(path).AsSpan((int)at, 14 + channelSave.Length)));

        var cli = ScanImageTiff.Tests.Cli.Sitiff.Run("info", path);
        Assert.Equal(2, cli.Code);
        Assert.Contains("SI.hChannels.channelSave", Assert.Single(cli.ErrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Nonsense_volume_counts_are_ignored_not_reported()
    {
        // numFramesPerVolume = 0 cannot make 6 flyback frames of 6 on disk, and a negative volume count is no count.
        const string text = "SI.hChannels.channelSave = 1\nSI.hStackManager.enable = true\nSI.hStackManager.stackMode = 'fast'\nSI.hFastZ.enable = true\n" +
            "SI.hStackManager.actualNumSlices = 4\nSI.hStackManager.framesPerSlice = 1\nSI.hStackManager.numFramesPerVolume = 0\n" +
            "SI.hStackManager.numFramesPerVolumeWithFlyback = 6\nSI.hFastZ.discardFlybackFrames = true\nSI.hStackManager.actualNumVolumes = -5\n";
        using var a = ScanImageAcquisition.Open(Write("nonsense-volumes.tif", text, 8));
        Assert.Equal(0, a.Structure!.FlybackFramesPerVolume);
        Assert.Equal(4, a.Structure.FramesPerVolumeOnDisk);
        Assert.Null(a.Structure.VolumesInMetadata);
    }

    private string Write(string name, string section0, int frames)
    {
        var path = Path.Combine(_dir, name);
        using var w = TiffStackWriter.Create(path, TiffWriterOptions.ScanImage(Encoding.UTF8.GetBytes(section0), "{}"u8.ToArray()));
        for (var i = 0; i < frames; i++)
        {
            w.AppendFrame<short>(new short[4], 2, 2, $"frameNumbers = {i + 1}\n");
        }

        return path;
    }
}
