using System.Globalization;
using System.Text;

namespace ScanImageTiff.Cli.Sample;

/// <summary>
/// The ScanImage text of the bundled sample, in ScanImage 2021's exact syntax (taken from the real
/// files in the corpus): section 0 (<c>SI.x = y</c> lines in ScanImage's order), section 1 (the ROI
/// group JSON as ScanImage's JSONlab writes it) and the per-frame headers.
/// </summary>
internal static class SampleMetadata
{
    public const string Section0 = """
        SI.LINE_FORMAT_VERSION = 1
        SI.PREMIUM = true
        SI.TIFF_FORMAT_VERSION = 4
        SI.VERSION_COMMIT = '7c1e2b9d4a6f80351e2d9c7b5a3f1e0d2c4b6a89'
        SI.VERSION_MAJOR = 2021
        SI.VERSION_MINOR = 1
        SI.VERSION_UPDATE = 0
        SI.acqState = 'grab'
        SI.acqsPerLoop = 1
        SI.extTrigEnable = false
        SI.hBeams.lengthConstants = [Inf Inf]
        SI.hBeams.powers = [15 0]
        SI.hChannels.channelDisplay = [1 2]
        SI.hChannels.channelInputRange = {[-1 1] [-1 1] [-1 1] [-1 1]}
        SI.hChannels.channelName = {'Channel 1' 'Channel 2' 'Channel 3' 'Channel 4'}
        SI.hChannels.channelOffset = [-412 387 -5304 482]
        SI.hChannels.channelSave = [1 2]
        SI.hChannels.channelType = {'stripe' 'stripe' 'stripe' 'stripe'}
        SI.hChannels.channelsActive = [1 2]
        SI.hFastZ.actuatorLag = 0
        SI.hFastZ.discardFlybackFrames = true
        SI.hFastZ.enable = true
        SI.hFastZ.flybackTime = 0.0073
        SI.hFastZ.hasFastZ = true
        SI.hFastZ.numDiscardFlybackFrames = 2
        SI.hFastZ.position = 100
        SI.hFastZ.volumePeriodAdjustment = -0.0006
        SI.hFastZ.waveformType = 'sawtooth'
        SI.hRoiManager.imagingFovDeg = [-1.8 -1.8;1.8 -1.8;1.8 1.8;-1.8 1.8]
        SI.hRoiManager.imagingFovUm = [-27 -27;27 -27;27 27;-27 27]
        SI.hRoiManager.linePeriod = 4.14927e-05
        SI.hRoiManager.linesPerFrame = 64
        SI.hRoiManager.mroiEnable = false
        SI.hRoiManager.pixelsPerLine = 64
        SI.hRoiManager.scanFramePeriod = 0.00365553
        SI.hRoiManager.scanFrameRate = 273.558
        SI.hRoiManager.scanType = 'frame'
        SI.hRoiManager.scanVolumeRate = 45.593
        SI.hRoiManager.scanZoomFactor = 2.5
        SI.hScan2D.bidirectional = true
        SI.hScan2D.channelsDataType = 'int16'
        SI.hScan2D.fillFractionSpatial = 0.9
        SI.hScan2D.fillFractionTemporal = 0.712867
        SI.hScan2D.flybackTimePerFrame = 0.001
        SI.hScan2D.flytoTimePerScanfield = 0.001
        SI.hScan2D.linePhase = -7.44e-07
        SI.hScan2D.logAverageFactor = 1
        SI.hScan2D.logFramesPerFile = Inf
        SI.hScan2D.logFramesPerFileLock = false
        SI.hScan2D.name = 'vDAQ_main'
        SI.hScan2D.sampleRate = 1.25e+08
        SI.hScan2D.scanMode = 'resonant'
        SI.hScan2D.scannerType = 'RGG'
        SI.hStackManager.actualNumSlices = 4
        SI.hStackManager.actualNumVolumes = 5
        SI.hStackManager.actualStackZStepSize = 5
        SI.hStackManager.arbitraryZs = [0 1]
        SI.hStackManager.enable = true
        SI.hStackManager.framesPerSlice = 1
        SI.hStackManager.numFramesPerVolume = 4
        SI.hStackManager.numFramesPerVolumeWithFlyback = 6
        SI.hStackManager.numSlices = 4
        SI.hStackManager.numVolumes = 5
        SI.hStackManager.stackActuator = 'fastZ'
        SI.hStackManager.stackDefinition = 'uniform'
        SI.hStackManager.stackFastWaveformType = 'sawtooth'
        SI.hStackManager.stackMode = 'fast'
        SI.hStackManager.stackZStepSize = 5
        SI.hStackManager.zs = [100 105 110 115]
        SI.hStackManager.zsAllActuators = [100;105;110;115]
        SI.hStackManager.zsRelative = [100;105;110;115]
        SI.imagingSystem = 'vDAQ_main'
        SI.objectiveResolution = 15

        """;

    public const string Section1 = """
        {
          "RoiGroups": {
            "imagingRoiGroup": {
              "ver": 1,
              "classname": "scanimage.mroi.RoiGroup",
              "name": "Default Imaging ROI Group",
              "UserData": null,
              "roiUuid": "5E2B9C41D07A3F86",
              "roiUuiduint64": 6.78568907e+18,
              "rois": {
                "ver": 1,
                "classname": "scanimage.mroi.Roi",
                "name": "Default Imaging Roi",
                "UserData": {
                  "imagingSystem": "vDAQ_main",
                  "fillFractionSpatial": 0.9,
                  "forceSquarePixelation": 1,
                  "forceSquarePixels": 1,
                  "scanZoomFactor": 2.5,
                  "scanAngleShiftFast": 0,
                  "scanAngleMultiplierSlow": 1,
                  "scanAngleShiftSlow": 0,
                  "scanRotation": 0,
                  "pixelsPerLine": 64,
                  "linesPerFrame": 64
                },
                "roiUuid": "9C1A6E3F52B8D047",
                "roiUuiduint64": 1.124842424e+19,
                "zs": 0,
                "scanfields": {
                  "ver": 1,
                  "classname": "scanimage.mroi.scanfield.fields.RotatedRectangle",
                  "name": "Default Imaging Scanfield",
                  "UserData": null,
                  "roiUuid": "2F7D0B8A61C4E935",
                  "roiUuiduint64": 3.421903981e+18,
                  "centerXY": [0,0],
                  "sizeXY": [3.6,3.6],
                  "rotationDegrees": 0,
                  "enable": 1,
                  "pixelResolutionXY": [64,64],
                  "pixelToRefTransform": [
                    [0.05625,0,-1.828125],
                    [0,0.05625,-1.828125],
                    [0,0,1]
                  ],
                  "affine": [
                    [3.6,0,-1.8],
                    [0,3.6,-1.8],
                    [0,0,1]
                  ]
                },
                "discretePlaneMode": 0,
                "powers": null,
                "pzAdjust": [],
                "Lzs": null,
                "interlaceDecimation": null,
                "interlaceOffset": null,
                "enable": 1
              }
            },
            "photostimRoiGroups": null,
            "integrationRoiGroup": {
              "ver": 1,
              "classname": "scanimage.mroi.RoiGroup",
              "name": "",
              "UserData": null,
              "roiUuid": "B4E81C2D7A9F0563",
              "roiUuiduint64": 1.30357001e+19,
              "rois": {
                "_ArrayType_": "double",
                "_ArraySize_": [1,0],
                "_ArrayData_": null
              }
            }
          }
        }

        """;

    /// <summary>
    /// One frame's header exactly as ScanImage 2021 writes it (the same text for every channel IFD of
    /// the frame); ScanImage pads it with spaces to 2000 characters, which the writer does.
    /// </summary>
    /// <param name="frameNumber">1-based frame number (<c>frameNumbers</c>).</param>
    /// <param name="timestamp">Seconds since the acquisition start.</param>
    /// <param name="last">The final frame of the acquisition.</param>
    public static string FrameHeader(int frameNumber, double timestamp, bool last)
    {
        var inv = CultureInfo.InvariantCulture;
        var end = last ? "1" : "0";
        var text = new StringBuilder(512);
        text.Append(inv, $"frameNumbers = {frameNumber}\n");
        text.Append("acquisitionNumbers = 1\n");
        text.Append(inv, $"frameNumberAcquisition = {frameNumber}\n");
        text.Append(inv, $"frameTimestamps_sec = {timestamp:F9}\n");
        // Like SI 2021: only the first frame carries the real trigger time, later ones -1.
        text.Append(frameNumber == 1 ? "acqTriggerTimestamps_sec = -0.000071240\n" : "acqTriggerTimestamps_sec = -1.000000000\n");
        text.Append("nextFileMarkerTimestamps_sec = -1.000000000\n");
        text.Append(inv, $"endOfAcquisition = {end}\n");
        text.Append(inv, $"endOfAcquisitionMode = {end}\n");
        text.Append("dcOverVoltage = 0\n");
        text.Append("epoch = [2026 11 25 14  3 27.512]\n");
        text.Append("auxTrigger0 = []\n");
        text.Append("auxTrigger1 = []\n");
        text.Append("auxTrigger2 = []\n");
        text.Append("auxTrigger3 = []\n");
        text.Append("I2CData = {}\n");
        return text.ToString();
    }
}
