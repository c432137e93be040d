using System.Globalization;
using System.Text;

namespace ScanImageTiff.Benchmarks.Inputs;

/// <summary>
/// ScanImage-looking metadata for the inputs: a ~10 KB section 0 of <c>SI.x = y</c> lines, a small ROI
/// group JSON section 1, and the per-frame header lines ScanImage 2016+ resonant/vDAQ logging writes
/// (spec §4.1). Realistic sizes matter more than realistic values: they decide how many bytes an
/// indexer walks past.
/// </summary>
public static class ScanImageText
{
    private const double FramePeriodSeconds = 1 / 30.0141;

    /// <summary>Section 0 (without its NUL) for frames of the given shape, at least 10 240 bytes.</summary>
    /// <param name="width">Pixels per line.</param>
    /// <param name="height">Lines per frame.</param>
    public static byte[] Section0(int width, int height)
    {
        var inv = CultureInfo.InvariantCulture;
        var b = new StringBuilder(12 * 1024);
        b.Append("SI.LINE_FORMAT_VERSION = 1\n")
            .Append("SI.PREMIUM = true\n")
            .Append("SI.TIFF_FORMAT_VERSION = 4\n")
            .Append("SI.VERSION_COMMIT = '3baa4b74bec9938bfd4c7403bddbe78f2a0ccd93'\n")
            .Append("SI.VERSION_MAJOR = 2021\n")
            .Append("SI.VERSION_MINOR = 1\n")
            .Append("SI.acqState = 'grab'\n")
            .Append("SI.acqsPerLoop = 1\n")
            .Append("SI.extTrigEnable = false\n")
            .Append("SI.hChannels.channelAdcResolution = {16 16 16 16}\n")
            .Append("SI.hChannels.channelDisplay = [1 2]\n")
            .Append("SI.hChannels.channelInputRange = {[-1 1] [-1 1] [-1 1] [-1 1]}\n")
            .Append("SI.hChannels.channelOffset = [-263 -290 0 0]\n")
            .Append("SI.hChannels.channelSave = 1\n")
            .Append("SI.hChannels.channelType = {'stripe' 'stripe' 'stripe' 'stripe'}\n")
            .Append("SI.hChannels.loggingEnable = true\n")
            .Append("SI.hFastZ.enable = false\n")
            .Append(inv, $"SI.hRoiManager.linesPerFrame = {height}\n")
            .Append(inv, $"SI.hRoiManager.pixelsPerLine = {width}\n")
            .Append("SI.hRoiManager.scanFrameRate = 30.0141\n")
            .Append("SI.hRoiManager.scanZoomFactor = 2\n")
            .Append("SI.hScan2D.bidirectional = true\n")
            .Append("SI.hScan2D.channelsDataType = 'int16'\n")
            .Append("SI.hScan2D.logFramesPerFile = Inf\n")
            .Append("SI.hStackManager.arbitraryZs = [0;1]\n")
            .Append("SI.hStackManager.numSlices = 1\n")
            .Append("SI.hStackManager.zs = 0\n")
            .Append("SI.hStackManager.zsRelative = zeros(1,0)\n");

        // Struct-array elements, as ScanImage writes them (name__N.field), until the size of a real header.
        for (var i = 1; b.Length < 10 * 1024; i++)
        {
            b.Append(inv, $"SI.hBeams.powerBoxes__{i}.rect = [0.25 0.25 0.5 0.5]\n")
                .Append(inv, $"SI.hBeams.powerBoxes__{i}.powers = {10 + i}\n")
                .Append(inv, $"SI.hBeams.powerBoxes__{i}.name = 'box {i}'\n")
                .Append(inv, $"SI.hScan2D.virtualChannelSettings__{i}.source = 'AI{i % 4}'\n")
                .Append(inv, $"SI.hScan2D.virtualChannelSettings__{i}.mode = 'analog'\n")
                .Append(inv, $"SI.hScan2D.virtualChannelSettings__{i}.threshold = {100 * i}\n")
                .Append(inv, $"SI.hMotors.motorPosition__{i} = [{i * 1.5:F3} -{i * 2.25:F3} {i * 0.125:F4}]\n");
        }

        return Encoding.ASCII.GetBytes(b.ToString());
    }

    /// <summary>Section 1: a one-ROI group in ScanImage's JSON shape (without its NUL).</summary>
    public static byte[] Section1() => Encoding.ASCII.GetBytes(
        """
        {
          "RoiGroups": {
            "imagingRoiGroup": {
              "ver": 1,
              "classname": "scanimage.mroi.RoiGroup",
              "name": "Default Imaging ROI Group",
              "UserData": null,
              "roiUuid": "A1E3F6D0B5C94E1A",
              "roiUuiduint64": 1.162e+19,
              "rois": {
                "ver": 1,
                "classname": "scanimage.mroi.Roi",
                "name": "Default Imaging Roi",
                "zs": 0,
                "scanfields": {
                  "ver": 1,
                  "classname": "scanimage.mroi.scanfield.fields.RotatedRectangle",
                  "name": "Default Imaging Scanfield",
                  "centerXY": [0,0],
                  "sizeXY": [18,18],
                  "rotationDegrees": 0,
                  "pixelResolutionXY": [512,512]
                },
                "discretePlaneMode": 0,
                "powers": null
              }
            },
            "photostimRoiGroups": null,
            "integrationRoiGroup": {
              "ver": 1,
              "classname": "scanimage.mroi.RoiGroup",
              "name": "",
              "rois": { "_ArrayType_": "double", "_ArraySize_": [1,0], "_ArrayData_": null }
            }
          }
        }
        """);

    /// <summary>
    /// Frame <paramref name="frame"/>'s header lines as ScanImage writes them (the writer pads to 2000 characters).
    /// The first line is <c>frameNumbers = frame + 1</c>, which the benchmarks check.
    /// </summary>
    /// <param name="frame">0-based frame index.</param>
    /// <param name="frames">Frames in the file (the last one ends the acquisition).</param>
    public static string FrameHeader(int frame, int frames)
    {
        var last = frame == frames - 1 ? 1 : 0;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"""
            frameNumbers = {frame + 1}
            acquisitionNumbers = 1
            frameNumberAcquisition = {frame + 1}
            frameTimestamps_sec = {frame * FramePeriodSeconds:F9}
            acqTriggerTimestamps_sec = -0.000064550
            nextFileMarkerTimestamps_sec = -1.000000000
            endOfAcquisition = {last}
            endOfAcquisitionMode = {last}
            dcOverVoltage = 0
            epoch = [2021 11  5  9 50 13.560]
            auxTrigger0 = []
            auxTrigger1 = []
            auxTrigger2 = []
            auxTrigger3 = []
            I2CData = {"{}"}

            """);
    }
}
