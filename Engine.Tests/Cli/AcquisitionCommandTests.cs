using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using ScanImageTiff.Tests.Support;

namespace ScanImageTiff.Tests.Cli;

/// <summary>The commands over whole acquisitions: live slow stacks, self-describing exports, unrelated files, several files, progress.</summary>
public sealed class AcquisitionCommandTests : IDisposable
{
    private const int W = 16;
    private const int H = 8;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// A slow stack written frame by frame while sitiff follows it: ScanImage sets endOfAcquisition = 1 at the end
    /// of every slice and endOfAcquisitionMode = 1 only on the last frame; following must not stop at the first slice.
    /// </summary>
    [Fact]
    public async Task Follow_of_a_live_slow_stack_delivers_every_frame_once_in_order_and_ends_by_itself()
    {
        const int slices = 3;
        const int framesPerSlice = 2;
        const int frames = slices * framesPerSlice;
        var path = _dir.File("slow_00001_00001.tif");
        var section0 = Encoding.UTF8.GetBytes(string.Join('\n',
            "SI.hChannels.channelSave = 1",
            "SI.hStackManager.enable = true",
            "SI.hStackManager.stackMode = 'slow'",
            $"SI.hStackManager.numSlices = {slices}",
            $"SI.hStackManager.actualNumSlices = {slices}",
            $"SI.hStackManager.framesPerSlice = {framesPerSlice}",
            $"SI.hStackManager.numFramesPerVolume = {frames}",
            $"SI.hStackManager.numFramesPerVolumeWithFlyback = {frames}",
            "SI.hStackManager.actualNumVolumes = 1",
            "SI.hFastZ.enable = false",
            "SI.hScan2D.logAverageFactor = 1") + "\n");
        var writer = Task.Run(async () =>
        {
            await Task.Delay(100);
            using var w = TiffStackWriter.Create(path, TiffWriterOptions.ScanImage(section0, "{}"u8.ToArray()));
            for (var f = 0; f < frames; f++)
            {
                var sliceEnd = f % framesPerSlice == framesPerSlice - 1;
                var header = $"frameNumbers = {f + 1}\nframeTimestamps_sec = {f * 0.5:F6}\nendOfAcquisition = {(sliceEnd ? 1 : 0)}\nendOfAcquisitionMode = {(f == frames - 1 ? 1 : 0)}\n";
                w.AppendFrame<short>(Enumerable.Repeat((short)((f * 10) + 1), W * H).ToArray(), W, H, header);
                w.Flush();

                // Longer than a poll after every slice end: a follower that stops on endOfAcquisition stops here.
                await Task.Delay(sliceEnd ? 400 : 50);
            }
        });

        var r = Sitiff.Run("stream", path, "--follow", "--json", "--idle-timeout", "60");
        await writer;
        r.Ok();
        var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToArray();
        Assert.Equal(frames, lines.Length);
        for (var f = 0; f < frames; f++)
        {
            Assert.Equal(f, (int)lines[f]["index"]!);
            Assert.Equal(f + 1, (long)lines[f]["frameNumber"]!);
            Assert.Equal((f * 10) + 1, (double)lines[f]["mean"]!);
        }
    }

    [Theory]
    [InlineData("--channel", "2", new[] { 2 }, 4, 5)]
    [InlineData("--channel", "1", new[] { 1 }, 4, 5)]
    [InlineData("--volume", "3", new[] { 1, 2 }, 4, 1)]
    [InlineData("--slice", "2", new[] { 1, 2 }, 1, 5)]
    public void Tif_exports_of_a_selection_describe_what_they_hold_and_reselect_the_same_pixels(string option, string value, int[] channels, int slices, int volumes)
    {
        var export = _dir.File("export.tif");
        Sitiff.Run("data", SampleFile.Path, option, value, "--out", export).Ok();

        var si = JsonNode.Parse(Sitiff.Run("info", "--json", export).Ok().Out)!["scanImage"]!;
        Assert.Equal(channels, si["channels"]!.AsArray().Select(c => (int)c!));
        Assert.Equal(slices, (int)si["slices"]!);
        Assert.Equal(volumes, (int)si["volumes"]!);
        Assert.Equal(0, (int)si["flybackFramesPerVolume"]!);
        Assert.Equal(0, (int)si["ifdsInPartialVolume"]!);

        // Same pixels as the selection, and every channel of the export is the source's channel of that number.
        Assert.Equal(Checksum(SampleFile.Path, option, value), Checksum(export));
        foreach (var c in channels)
        {
            Assert.Equal(Checksum(SampleFile.Path, option, value, "--channel", c.ToString(CultureInfo.InvariantCulture)), Checksum(export, "--channel", c.ToString(CultureInfo.InvariantCulture)));
        }

        // Frame headers are kept (timestamps and all); only frameNumbers counts over the export.
        using var copy = ScanImageTiffReader.Open(export);
        Assert.Contains("frameTimestamps_sec", copy.GetDescription(0), StringComparison.Ordinal);
        Assert.StartsWith("frameNumbers = 1\n", copy.GetDescription(0), StringComparison.Ordinal);
    }

    [Fact]
    public void Tif_export_is_shaped_sensibly_by_tifffile()
    {
        if (!TiffFileAvailable())
        {
            return; // .ci/run installs python3-tifffile; without it this check cannot run here.
        }

        var export = _dir.File("c2.tif");
        Sitiff.Run("data", SampleFile.Path, "--channel", "2", "--out", export).Ok();
        var volume = _dir.File("v.tif");
        Sitiff.Run("data", SampleFile.Path, "--volume", "1", "--out", volume).Ok();
        var script = $"import tifffile\nfor p in ['{export}', '{volume}']:\n    s = tifffile.TiffFile(p).series[0]\n    print(s.shape, s.axes)\n";
        var psi = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3", ["-c", script]) { RedirectStandardOutput = true };
        using var python = System.Diagnostics.Process.Start(psi)!;
        var output = python.StandardOutput.ReadToEnd();
        python.WaitForExit();
        Assert.Equal("(20, 64, 64) ZYX\n(4, 2, 64, 64) ZCYX\n", output);
    }

    [Fact]
    public void Shaped_npy_is_volume_slice_channel_y_x_without_flyback()
    {
        var npy = _dir.File("shaped.npy");
        Sitiff.Run("data", SampleFile.Path, "--shaped", "--out", npy).Ok();
        var bytes = File.ReadAllBytes(npy);
        var headerLength = BitConverter.ToUInt16(bytes, 8);
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.Contains("'shape': (5, 4, 2, 64, 64)", header, StringComparison.Ordinal);

        // Plane (v, z, c) is IFD v * 12 + z * 2 + c of the source (6 frames per volume on disk: 4 planes + 2 flyback).
        using var source = ScanImageTiffReader.Open(SampleFile.Path);
        var data = bytes.AsSpan(10 + headerLength);
        var plane = 64 * 64 * 2;
        for (var v = 0; v < 5; v++)
        {
            for (var z = 0; z < 4; z++)
            {
                for (var c = 0; c < 2; c++)
                {
                    var expected = MemoryMarshal.AsBytes(source.GetFrameMemory<short>((v * 12) + (z * 2) + c).Span);
                    Assert.True(expected.SequenceEqual(data.Slice((((((v * 4) + z) * 2) + c) * plane), plane)));
                }
            }
        }
    }

    [Fact]
    public void Info_on_two_unrelated_files_reports_both()
    {
        var other = _dir.File("other.tif");
        using (var w = TiffStackWriter.Create(other))
        {
            w.AppendFrame<ushort>([1, 2, 3, 4, 5, 6], 3, 2);
        }

        var text = Sitiff.Run("info", SampleFile.Path, other).Ok().Out;
        Assert.Contains($"file          {SampleFile.Path}\n", text, StringComparison.Ordinal);
        Assert.Contains($"file          {other}\n", text, StringComparison.Ordinal);

        var json = JsonNode.Parse(Sitiff.Run("info", "--json", SampleFile.Path, other).Ok().Out)!.AsArray();
        Assert.Equal(2, json.Count);
        Assert.Equal(60, (int)json[0]!["frames"]!);
        Assert.Equal(1, (int)json[1]!["frames"]!);
        Assert.Equal(3, (int)json[1]!["width"]!);
        Assert.Null(json[1]!["scanImage"]);
    }

    [CorpusFact]
    public void Stream_of_several_files_puts_them_in_acquisition_order_and_siblings_find_the_rest()
    {
        var files = Corpus.Groups.Select(g => g.Value!["files"]!.AsArray().Select(f => Corpus.Path((string)f!)).ToArray()).First(f => f.Length > 1);
        var inOrder = Sitiff.Run(["stream", "--json", .. files]).Ok().Out;
        Assert.Equal(inOrder, Sitiff.Run(["stream", "--json", .. files.Reverse()]).Ok().Out);
        Assert.Equal(inOrder, Sitiff.Run("stream", "--json", "--siblings", files[^1]).Ok().Out);
        var last = JsonNode.Parse(inOrder.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1])!;
        using var acquisition = ScanImageTiff.ScanImage.ScanImageAcquisition.Open(files);
        Assert.Equal(acquisition.FrameCount - 1, (int)last["index"]!);
    }

    [Fact]
    public void Progress_is_drawn_on_stderr_only_when_asked_and_reports_bytes_rate_and_eta()
    {
        var quiet = Sitiff.Run("data", SampleFile.Path, "--checksum", "sha256").Ok();
        Assert.Equal(string.Empty, quiet.Err);

        var shown = Sitiff.Run("data", SampleFile.Path, "--checksum", "sha256", "--progress");
        Assert.Equal(0, shown.Code);
        Assert.Equal(quiet.Out, shown.Out);
        Assert.Contains("checksum: 100.0%  480 kB of 480 kB", shown.Err, StringComparison.Ordinal);
        Assert.Contains("MiB/s", shown.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_draws_from_the_first_report_with_rate_and_eta()
    {
        // The first report used to be swallowed: the time since "never" overflowed (now - long.MinValue).
        var error = new StringWriter();
        var progress = new ScanImageTiff.Cli.Output.Progress(error, "export", 4L << 30);
        progress.Report(1L << 30);
        Assert.Contains("export:  25.0%  1 GB of 4 GB", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("export:  25.0%  1 GB of 4 GB  512 MiB/s  ETA 0:06", progress.Line(1L << 30, 2.0));
        progress.Done();
        Assert.EndsWith("\r", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Follow_with_a_channel_of_a_plain_tiff_is_a_usage_error()
    {
        var plain = _dir.File("plain.tif");
        using (var w = TiffStackWriter.Create(plain))
        {
            w.AppendFrame<ushort>([1, 2, 3, 4], 2, 2);
        }

        var r = Sitiff.Run("stream", plain, "--follow", "--channel", "1", "--idle-timeout", "5");
        Assert.Equal(1, r.Code);
        Assert.Contains("needs ScanImage structure", Assert.Single(r.ErrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Follow_selects_a_channel_of_a_live_acquisition()
    {
        var path = _dir.File("live_00001_00001.tif");
        var section0 = "SI.hChannels.channelSave = [1 3]\nSI.hStackManager.enable = false\nSI.hStackManager.framesPerSlice = 4\n"u8.ToArray();
        var writer = Task.Run(() =>
        {
            using var w = TiffStackWriter.Create(path, TiffWriterOptions.ScanImage(section0, "{}"u8.ToArray()));
            for (var i = 0; i < 8; i++)
            {
                var last = i >= 6 ? 1 : 0;
                w.AppendFrame<short>(Enumerable.Repeat((short)i, W * H).ToArray(), W, H, $"frameNumbers = {(i / 2) + 1}\nendOfAcquisition = {last}\nendOfAcquisitionMode = {last}\n");
                w.Flush();
            }
        });

        var r = Sitiff.Run("stream", path, "--follow", "--channel", "3", "--idle-timeout", "60");
        await writer;
        Assert.Equal("1\t1\t-\t1.0000\n3\t2\t-\t3.0000\n5\t3\t-\t5.0000\n7\t4\t-\t7.0000\n", r.Ok().Out);
    }

    private static string Checksum(params string[] args) => Sitiff.Run(["data", .. args, "--checksum", "sha256"]).Ok().Out;

    private static bool TiffFileAvailable()
    {
        if (!File.Exists("/usr/bin/python3"))
        {
            return false;
        }

        using var probe = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/python3", ["-c", "import tifffile"]) { RedirectStandardError = true })!;
        probe.WaitForExit();
        return probe.ExitCode == 0;
    }
}
