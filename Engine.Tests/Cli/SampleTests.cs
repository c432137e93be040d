using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ScanImageTiff.Tests.Support;

namespace ScanImageTiff.Tests.Cli;

/// <summary>The bundled sample: reproducible, and laid out the way ScanImage 2021 writes a 2-channel FastZ acquisition.</summary>
public sealed class SampleTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Committed_sample_equals_a_fresh_make_sample()
    {
        var fresh = _dir.File("fresh.tif");
        Sitiff.Run("make-sample", fresh);
        Assert.True(File.Exists(fresh));
        var committed = File.ReadAllBytes(SampleFile.Path);
        Assert.True(committed.Length < 2 * 1024 * 1024);
        Assert.Equal(Hash.Sha256(committed), Hash.Sha256(File.ReadAllBytes(fresh)));
    }

    [Fact]
    public void Sample_has_the_scanimage_layout()
    {
        using var r = ScanImageTiffReader.Open(SampleFile.Path);
        Assert.True(r.IsBigTiff);
        Assert.Equal(4, r.ScanImageBlockVersion);
        Assert.Equal(60, r.FrameCount); // 5 volumes x (4 slices + 2 flyback) x 2 channels
        Assert.True(r.IsUniform);
        Assert.Equal("64 x 64 int16", r.GetFrameInfo(0).Describe());

        var s0 = Encoding.UTF8.GetString(r.GetScanImageSectionBytes(0));
        Assert.EndsWith("\n\0", s0);
        foreach (var line in new[]
        {
            "SI.TIFF_FORMAT_VERSION = 4", "SI.VERSION_MAJOR = 2021", "SI.hChannels.channelSave = [1 2]",
            "SI.hStackManager.enable = true", "SI.hStackManager.stackMode = 'fast'", "SI.hStackManager.numSlices = 4",
            "SI.hStackManager.actualNumVolumes = 5", "SI.hStackManager.framesPerSlice = 1",
            "SI.hStackManager.numFramesPerVolume = 4", "SI.hStackManager.numFramesPerVolumeWithFlyback = 6",
            "SI.hFastZ.enable = true", "SI.hFastZ.discardFlybackFrames = true", "SI.hFastZ.numDiscardFlybackFrames = 2",
            "SI.hFastZ.waveformType = 'sawtooth'", "SI.hScan2D.logAverageFactor = 1", "SI.hScan2D.logFramesPerFile = Inf",
            "SI.hScan2D.channelsDataType = 'int16'", "SI.hRoiManager.mroiEnable = false", "SI.hRoiManager.linesPerFrame = 64",
            "SI.hRoiManager.pixelsPerLine = 64",
        })
        {
            Assert.Contains("\n" + line + "\n", s0);
        }

        Assert.StartsWith("SI.LINE_FORMAT_VERSION = 1\n", s0);
        Assert.Equal(1, s0.Count(c => c == '\0'));

        var s1 = r.GetScanImageSectionBytes(1);
        Assert.Equal(0, s1[^1]);
        var roi = JsonNode.Parse(s1.AsSpan(0, s1.Length - 1))!["RoiGroups"]!["imagingRoiGroup"]!["rois"]!["scanfields"]!;
        Assert.Equal("[64,64]", roi["pixelResolutionXY"]!.ToJsonString());
    }

    [Fact]
    public void Frame_headers_follow_scanimage()
    {
        using var r = ScanImageTiffReader.Open(SampleFile.Path);
        for (var ifd = 0; ifd < r.FrameCount; ifd++)
        {
            var frame = (ifd / 2) + 1;
            var text = r.GetDescription(ifd);
            Assert.Equal(2001, r.GetDescriptionByteCount(ifd));
            var values = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(" = ", 2))
                .ToDictionary(p => p[0], p => p[1]);
            Assert.Equal(
                ["frameNumbers", "acquisitionNumbers", "frameNumberAcquisition", "frameTimestamps_sec", "acqTriggerTimestamps_sec",
                 "nextFileMarkerTimestamps_sec", "endOfAcquisition", "endOfAcquisitionMode", "dcOverVoltage", "epoch",
                 "auxTrigger0", "auxTrigger1", "auxTrigger2", "auxTrigger3", "I2CData"],
                values.Keys.ToArray());
            Assert.Equal($"{frame}", values["frameNumbers"]);
            Assert.Equal($"{frame}", values["frameNumberAcquisition"]);
            Assert.Equal("1", values["acquisitionNumbers"]);
            Assert.Matches(@"^\d+\.\d{9}$", values["frameTimestamps_sec"]);
            Assert.Equal((frame - 1) * 0.0036555328, double.Parse(values["frameTimestamps_sec"], CultureInfo.InvariantCulture), 9);
            Assert.Equal(ifd >= 58 ? "1" : "0", values["endOfAcquisition"]);
            Assert.Equal("-1.000000000", values["nextFileMarkerTimestamps_sec"]);
            Assert.Equal("[2026 11 25 14  3 27.512]", values["epoch"]);
            Assert.Equal("[]", values["auxTrigger3"]);
            Assert.Equal("{}", values["I2CData"]);
            if (ifd % 2 == 1)
            {
                Assert.Equal(r.GetDescription(ifd - 1), text); // both channel IFDs of a frame share the header
            }
        }
    }

    [Fact]
    public void Channels_slices_and_volumes_look_different()
    {
        using var r = ScanImageTiffReader.Open(SampleFile.Path);
        double Mean(int ifd) => r.GetFrameMemory<short>(ifd).ToArray().Average(v => (double)v);

        Assert.NotEqual(Mean(0), Mean(1)); // channel 1 vs 2 of frame 1
        Assert.NotEqual(Mean(0), Mean(2)); // slice 0 vs slice 1
        Assert.True(Mean(8) < Mean(0)); // flyback frame (volume 0, frame 5) is dimmer than slice 0
        Assert.False(r.GetFrameMemory<short>(0).Span.SequenceEqual(r.GetFrameMemory<short>(12).Span)); // volume 0 vs 1
    }
}
