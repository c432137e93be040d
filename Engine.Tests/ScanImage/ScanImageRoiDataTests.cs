using System.Text;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Tests.ScanImage;

public class ScanImageRoiDataTests
{
    /// <summary>Shaped like the SI 2021 files' section 1: single ROI and scanfield as objects, empty rois as a JSONlab object.</summary>
    internal const string DefaultRoiJson = """
        {
          "RoiGroups": {
            "imagingRoiGroup": {
              "ver": 1,
              "classname": "scanimage.mroi.RoiGroup",
              "name": "Default Imaging ROI Group",
              "UserData": null,
              "roiUuid": "69F56644C1AA9C04",
              "roiUuiduint64": 7.635121189e+18,
              "rois": {
                "ver": 1,
                "classname": "scanimage.mroi.Roi",
                "name": "Default Imaging Roi",
                "UserData": {"imagingSystem": "HSvDAQ", "pixelsPerLine": 512},
                "zs": 0,
                "scanfields": {
                  "classname": "scanimage.mroi.scanfield.fields.RotatedRectangle",
                  "name": "Default Imaging Scanfield",
                  "centerXY": [0.5,-1],
                  "sizeXY": [18,9],
                  "rotationDegrees": 12.5,
                  "enable": 1,
                  "pixelResolutionXY": [512,256],
                  "pixelToRefTransform": [[0.03515625,0,-9.017578125],[0,0.03515625,-9.017578125],[0,0,1]],
                  "affine": [[18,0,-9],[0,18,-9],[0,0,1]]
                },
                "discretePlaneMode": 0,
                "powers": null,
                "pzAdjust": [],
                "Lzs": null,
                "enable": 1
              }
            },
            "photostimRoiGroups": null,
            "integrationRoiGroup": {
              "ver": 1,
              "classname": "scanimage.mroi.RoiGroup",
              "name": "",
              "rois": {"_ArrayType_": "double", "_ArraySize_": [1,0], "_ArrayData_": null}
            }
          }
        }

        """;

    [Fact]
    public void Parses_a_default_single_roi_group()
    {
        var data = ScanImageRoiData.Parse([.. Encoding.UTF8.GetBytes(DefaultRoiJson), 0]);

        var group = data.ImagingRoiGroup!;
        Assert.Equal("Default Imaging ROI Group", group.Name);
        var roi = Assert.Single(group.Rois);
        Assert.Equal("Default Imaging Roi", roi.Name);
        Assert.Equal([0.0], roi.Zs);
        Assert.False(roi.DiscretePlaneMode);
        Assert.True(roi.Enabled);
        var field = Assert.Single(roi.Scanfields);
        Assert.Equal(new Scanfield(0.5, -1, 18, 9, 12.5, 512, 256, 0, true), field);
        Assert.Empty(data.PhotostimRoiGroups);
        Assert.Equal(string.Empty, data.IntegrationRoiGroup!.Name);
        Assert.Empty(data.IntegrationRoiGroup.Rois);
    }

    [Fact]
    public void Normalises_arrays_objects_and_per_scanfield_z()
    {
        const string json = """
            {"RoiGroups": {
              "imagingRoiGroup": {"name": "mroi", "rois": [
                {"name": "A", "zs": [10, 20], "discretePlaneMode": 1, "enable": 0, "scanfields": [
                  {"centerXY": [1,2], "sizeXY": [3,4], "rotationDegrees": 0, "pixelResolutionXY": [64,32], "enable": 1},
                  {"centerXY": [5,6], "sizeXY": [7,8], "rotationDegrees": 0, "pixelResolutionXY": [128,16], "enable": 0}
                ]},
                {"name": "B", "zs": 5, "scanfields": [
                  {"pixelResolutionXY": [10,20]},
                  {"pixelResolutionXY": [30,40]}
                ]},
                {"name": "C", "zs": {"_ArrayType_": "double", "_ArraySize_": [1,0], "_ArrayData_": null},
                 "scanfields": {"pixelResolutionXY": [1,2]}}
              ]},
              "photostimRoiGroups": [{"name": "p1", "rois": []}, {"name": "p2", "rois": {"name": "s", "scanfields": []}}],
              "integrationRoiGroup": {"name": "i", "rois": [{"name": "only"}]}
            }}
            """;

        var data = ScanImageRoiData.Parse(Encoding.UTF8.GetBytes(json));

        var rois = data.ImagingRoiGroup!.Rois;
        Assert.Equal(["A", "B", "C"], rois.Select(r => r.Name));
        Assert.Equal([10.0, 20.0], rois[0].Zs);
        Assert.True(rois[0].DiscretePlaneMode);
        Assert.False(rois[0].Enabled);
        Assert.Equal(new Scanfield(1, 2, 3, 4, 0, 64, 32, 10, true), rois[0].Scanfields[0]);
        Assert.Equal(new Scanfield(5, 6, 7, 8, 0, 128, 16, 20, false), rois[0].Scanfields[1]);
        Assert.Equal([5.0, 5.0], rois[1].Scanfields.Select(f => f.Z!.Value));
        Assert.Equal((30, 40), (rois[1].Scanfields[1].PixelWidth, rois[1].Scanfields[1].PixelHeight));
        Assert.True(double.IsNaN(rois[1].Scanfields[0].CenterX));
        Assert.Empty(rois[2].Zs);
        Assert.Null(Assert.Single(rois[2].Scanfields).Z);
        Assert.Equal(["p1", "p2"], data.PhotostimRoiGroups.Select(g => g.Name));
        Assert.Empty(data.PhotostimRoiGroups[0].Rois);
        Assert.Empty(Assert.Single(data.PhotostimRoiGroups[1].Rois).Scanfields);
        Assert.Equal("only", Assert.Single(data.IntegrationRoiGroup!.Rois).Name);
        Assert.Empty(data.IntegrationRoiGroup.Rois[0].Scanfields);
    }

    [Fact]
    public void A_single_photostim_group_object_is_a_list_of_one()
    {
        var data = ScanImageRoiData.Parse("""{"RoiGroups": {"photostimRoiGroups": {"name": "stim", "rois": []}}}"""u8);

        Assert.Equal("stim", Assert.Single(data.PhotostimRoiGroups).Name);
        Assert.Null(data.ImagingRoiGroup);
        Assert.Null(data.IntegrationRoiGroup);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("  \n\0")]
    [InlineData("\0{not json")]
    [InlineData("{\"RoiGroups\": {}}\n\0\0")]
    [InlineData("{\"RoiGroups\": null}")]
    [InlineData("{\"RoiGroups\": {\"imagingRoiGroup\": 5, \"photostimRoiGroups\": \"x\"}}")]
    public void Empty_or_odd_input_gives_empty_groups(string json)
    {
        var data = ScanImageRoiData.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Null(data.ImagingRoiGroup);
        Assert.Empty(data.PhotostimRoiGroups);
        Assert.Null(data.IntegrationRoiGroup);
    }

    [Theory]
    [InlineData("{\"RoiGroups\": {", 15)]
    [InlineData("{\n\"RoiGroups\": [1,,2]\n}", 18)]
    [InlineData("{\"a\": 1}}", 8)]
    public void Malformed_json_reports_the_byte_position(string json, long position)
    {
        var ex = Assert.Throws<TiffFormatException>(() => ScanImageRoiData.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(position, ex.Data["BytePosition"]);
        Assert.Equal(position, ex.FileOffset);
        Assert.Contains($"at byte offset {position}", ex.Message, StringComparison.Ordinal);
    }
}
