using System.Text;
using ScanImageTiff.Acquisition;
using ScanImageTiff.ScanImage;
using ScanImageTiff.Tests.Cli;

namespace ScanImageTiff.Tests.Acquisition;

/// <summary>ROI selections: crops that are views (whole rows), crops that are copies, and exports that become a single-ROI page.</summary>
public sealed class RoiSelectionTests : IDisposable
{
    // Two ROIs stacked with 5 fly-to lines: 40 x 30 (whole rows of the 40-wide page) and 24 x 20.
    private const int PageWidth = 40;
    private const int PageHeight = 30 + 5 + 20;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public async Task Roi_frames_are_views_when_they_span_whole_rows_and_copies_otherwise(int roi, bool copy)
    {
        using var acquisition = ScanImageAcquisition.Open(Write());
        var frames = acquisition.Select(new AcquisitionSelection { Roi = roi });
        Assert.Equal(!copy, frames.CanReadZeroCopy(0));
        var count = 0;
        await foreach (var frame in frames.StreamFrames<short>())
        {
            Assert.Equal(copy, frame.IsCopy);
            var expected = acquisition.GetRoiMemory<short>(frame.Ifd, roi).ToArray();
            Assert.Equal(expected.Length, frame.Pixels.Length);
            Assert.Equal(expected.Cast<short>(), frame.Pixels.ToArray());
            count++;
        }

        Assert.Equal(3, count);
        using var all = frames.ReadPooled<short>();
        var views = Enumerable.Range(0, 3).SelectMany(f => acquisition.GetRoiMemory<short>(f, roi).ToArray().Cast<short>()).ToArray();
        Assert.Equal(views, all.Span.ToArray());
        Assert.Equal(views, acquisition.ReadRoi<short>(roi, [0, 1, 2]));
    }

    [Fact]
    public void A_roi_export_is_a_single_roi_page_with_the_same_pixels()
    {
        using var acquisition = ScanImageAcquisition.Open(Write());
        var path = _dir.File("roi1.tif");
        acquisition.Select(new AcquisitionSelection { Roi = 1 }).WriteTiff(path);

        using var export = ScanImageAcquisition.Open(path);
        var roi = Assert.Single(export.Rois);
        Assert.Equal(("roi1", 0, 20, 24), (roi.Name, roi.Row, roi.Height, roi.Width));
        Assert.Equal(24, export.GetFrameInfo(0).Width);
        Assert.Equal(acquisition.ReadRoi<short>(1, [0, 1, 2]), export.ReadRoi<short>(0, [0, 1, 2]));
        Assert.Equal("20", export.Metadata!.Get("SI.hRoiManager.linesPerFrame")!.ToString());
    }

    private string Write()
    {
        var path = _dir.File("mroi_00001_00001.tif");
        var section0 = "SI.VERSION_MAJOR = 2021\nSI.hChannels.channelSave = 1\nSI.hRoiManager.mroiEnable = true\nSI.hRoiManager.linesPerFrame = 55\n" +
            "SI.hRoiManager.pixelsPerLine = 40\nSI.hStackManager.enable = false\nSI.hStackManager.framesPerSlice = 3\n";
        var section1 = """{"RoiGroups":{"imagingRoiGroup":{"name":"two","rois":[""" +
            """{"name":"roi0","enable":1,"zs":0,"discretePlaneMode":0,"scanfields":{"centerXY":[0,0],"sizeXY":[1,1],"rotationDegrees":0,"enable":1,"pixelResolutionXY":[40,30]}},""" +
            """{"name":"roi1","enable":1,"zs":0,"discretePlaneMode":0,"scanfields":{"centerXY":[0,0],"sizeXY":[1,1],"rotationDegrees":0,"enable":1,"pixelResolutionXY":[24,20]}}""" +
            """]},"photostimRoiGroups":null,"integrationRoiGroup":null}}""";
        using var w = TiffStackWriter.Create(path, TiffWriterOptions.ScanImage(Encoding.UTF8.GetBytes(section0), Encoding.UTF8.GetBytes(section1)));
        for (var f = 0; f < 3; f++)
        {
            var page = new short[PageWidth * PageHeight];
            for (var i = 0; i < page.Length; i++)
            {
                page[i] = (short)((f * 10000) + i);
            }

            w.AppendFrame<short>(page, PageWidth, PageHeight, $"frameNumbers = {f + 1}\n");
        }

        return path;
    }
}
