using System.Text;

namespace ScanImageTiff.Fuzz;

/// <summary>
/// The inputs mutations start from, written with the project's own <see cref="TiffStackWriter"/>: classic and
/// BigTIFF, both byte orders, multi-strip frames, 2016+ ScanImage blocks with MATLAB and JSON metadata, ROI
/// JSON, stacks with flyback frames, frame headers in text and JSON, and a plain TIFF. Small on purpose: a
/// few frames of a few pixels keep each iteration under a millisecond.
/// </summary>
public static class SeedCorpus
{
    /// <summary>Builds every seed in <paramref name="directory"/> and returns the bytes.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Build(string directory)
    {
        Directory.CreateDirectory(directory);
        var seeds = new List<(string, byte[])>();
        void Add(string name, TiffWriterOptions options, int frames, int width, int height, Func<int, string?> description, PixelType type = PixelType.Int16)
        {
            var path = Path.Combine(directory, name + "_00001_00001.tif");
            using (var w = TiffStackWriter.Create(path, options))
            {
                var size = type switch
                {
                    PixelType.UInt8 or PixelType.Int8 => 1,
                    PixelType.UInt16 or PixelType.Int16 => 2,
                    PixelType.Float64 or PixelType.Int64 or PixelType.UInt64 => 8,
                    _ => 4,
                };
                for (var f = 0; f < frames; f++)
                {
                    var pixels = new byte[width * height * size];
                    for (var i = 0; i < pixels.Length; i++)
                    {
                        pixels[i] = (byte)((i * 7) + f);
                    }

                    w.AppendFrame(pixels, type, width, height, description(f));
                }
            }

            seeds.Add((name, File.ReadAllBytes(path)));
        }

        var plainSection0 = Section0(channels: "1", stack: false, mroi: false);
        Add("plain", new TiffWriterOptions { BigTiff = false }, 3, 8, 4, _ => null, PixelType.UInt8);
        Add("classic-mm-strips", new TiffWriterOptions { BigTiff = false, ByteOrder = TiffByteOrder.BigEndian, RowsPerStrip = 2 }, 3, 6, 6, f => TextHeader(f), PixelType.UInt16);
        Add("bigtiff-float", new TiffWriterOptions { RowsPerStrip = 3 }, 2, 4, 6, f => JsonHeader(f), PixelType.Float32);
        Add("si-matlab", ScanImage(plainSection0, RoiJson(1, 8, 6), bigTiff: true), 4, 8, 6, f => TextHeader(f));
        Add("si2015-classic-mm", new TiffWriterOptions { BigTiff = false, ByteOrder = TiffByteOrder.BigEndian }, 3, 8, 6, f => TextHeader(f) + Legacy2015);
        Add("si5-classic", new TiffWriterOptions { BigTiff = false }, 3, 8, 6, f => $"Frame Number = {f + 1}\nFrame Timestamp(s) = {f * 0.1}\n" + "scanimage.SI5.VERSION_MAJOR = 5.1\nscanimage.SI5.channelsSave = [1;2]\nscanimage.SI5.stackNumSlices = 3\nscanimage.SI5.acqNumFrames = 1\n");
        Add("si3-classic", new TiffWriterOptions { BigTiff = false }, 2, 8, 6, _ => "state.configPath='C:\\x'\rstate.acq.numberOfZSlices=2\rstate.acq.numberOfFrames=1\rstate.acq.savingChannel1=1\rstate.acq.savingChannel2=0\r");
        Add("si-json", ScanImage(JsonSection0(), RoiJson(1, 8, 6), bigTiff: true), 3, 8, 6, f => JsonHeader(f));
        Add("si-stack-flyback", ScanImage(Section0(channels: "[1 2]", stack: true, mroi: false), "{}", bigTiff: true), 8, 4, 4, f => TextHeader(f / 2));

        // Long enough that the forced parallel walk (WalkOracle) starts walkers in each of its stretches.
        Add("si-long-stack", ScanImage(plainSection0, RoiJson(1, 4, 4), bigTiff: true), 48, 4, 4, f => TextHeader(f));
        Add("classic-long-stack", new TiffWriterOptions { BigTiff = false }, 40, 4, 2, f => $"frame {f}", PixelType.UInt8);
        Add("si-mroi", ScanImage(Section0(channels: "1", stack: false, mroi: true), RoiJson(2, 8, 3), bigTiff: true), 2, 8, 8, f => TextHeader(f));
        Add("si-mroi-strips", ScanImage(Section0(channels: "1", stack: false, mroi: true), RoiJson(2, 8, 3), bigTiff: true, rowsPerStrip: 3), 2, 8, 8, f => JsonHeader(f, wrapped: true));

        // Compressed, by the writer: every codec, predictors, multi-strip, both byte orders, classic and BigTIFF.
        Add("lzw-pred-strips", new TiffWriterOptions { BigTiff = false, Compression = TiffCompressionMethod.Lzw, Predictor = true, RowsPerStrip = 2 }, 2, 8, 6, _ => null);
        Add("deflate-mm", new TiffWriterOptions { BigTiff = false, ByteOrder = TiffByteOrder.BigEndian, Compression = TiffCompressionMethod.Deflate }, 2, 8, 6, f => TextHeader(f), PixelType.UInt16);
        Add("packbits-bigtiff", new TiffWriterOptions { Compression = TiffCompressionMethod.PackBits, RowsPerStrip = 3 }, 2, 8, 6, _ => null, PixelType.UInt8);
        Add("zstd-float-pred-mm", new TiffWriterOptions { ByteOrder = TiffByteOrder.BigEndian, Compression = TiffCompressionMethod.Zstd, Predictor = true }, 2, 4, 6, f => JsonHeader(f), PixelType.Float32);
        Add("si-deflate-pred", ScanImage(plainSection0, RoiJson(1, 8, 6), bigTiff: true) with { Compression = TiffCompressionMethod.Deflate, Predictor = true }, 3, 8, 6, f => TextHeader(f));
        seeds.AddRange(HandBuiltSeeds.Build());
        return seeds;
    }

    private static TiffWriterOptions ScanImage(string section0, string section1, bool bigTiff, TiffByteOrder order = TiffByteOrder.LittleEndian, int rowsPerStrip = 0)
        => TiffWriterOptions.ScanImage(Encoding.UTF8.GetBytes(section0), Encoding.UTF8.GetBytes(section1)) with
        {
            BigTiff = bigTiff,
            ByteOrder = order,
            RowsPerStrip = rowsPerStrip,
        };

    private static string Section0(string channels, bool stack, bool mroi) =>
        "SI.VERSION_MAJOR = 2021\nSI.VERSION_MINOR = 1\n" +
        $"SI.hChannels.channelSave = {channels}\n" +
        $"SI.hRoiManager.mroiEnable = {(mroi ? "true" : "false")}\nSI.hRoiManager.linePeriod = 4e-05\nSI.hScan2D.flytoTimePerScanfield = 0.0002\n" +
        $"SI.hStackManager.enable = {(stack ? "true" : "false")}\nSI.hStackManager.numSlices = 3\nSI.hStackManager.framesPerSlice = 1\n" +
        "SI.hStackManager.numFramesPerVolume = 3\nSI.hStackManager.numFramesPerVolumeWithFlyback = 4\nSI.hStackManager.stackMode = 'fast'\n" +
        "SI.hFastZ.enable = true\nSI.hFastZ.numDiscardFlybackFrames = 1\nSI.hFastZ.discardFlybackFrames = false\n" +
        "SI.hScan2D.logAverageFactor = 1\nSI.hScan2D.virtualChannelSettings__1.source = 'AI0'\nSI.hScan2D.virtualChannelSettings__2.source = 'AI1'\n" +
        "SI.hScan2D.channelOffsets = [1 2 3 4]\nSI.hStackManager.actualNumVolumes = 2\nSI.hScan2D.logFramesPerFile = Inf\nSI.x = {1 'a' [1 2;3 4] {2}}\n";

    private const string Legacy2015 = "scanimage.SI.VERSION_MAJOR = '2015'\nscanimage.SI.hChannels.channelSave = [1;2]\nscanimage.SI.hStackManager.numSlices = 1\nscanimage.SI.hStackManager.framesPerSlice = 3\nscanimage.SI.hFastZ.enable = 0\n";

    private static string JsonSection0() =>
        """{"SI": {"VERSION_MAJOR": 2022, "hChannels": {"channelSave": [1]}, "hRoiManager": {"mroiEnable": false, "linePeriod": 4e-05}, "hStackManager": {"enable": false, "framesPerSlice": 3, "numSlices": 1}, "hScan2D": {"logAverageFactor": 1, "virtualChannelSettings": [{"source": "AI0"}, {"source": "AI1"}]}, "a.b": {"_ArrayType_": "double", "_ArraySize_": [2, 2], "_ArrayData_": [1, 2, 3, 4]}, "inf": "_Inf_"}}""";

    private static string RoiJson(int rois, int width, int height)
    {
        var items = string.Join(",", Enumerable.Range(0, rois).Select(i =>
            $$$"""{"name":"roi{{{i}}}","enable":1,"zs":[0, 1],"discretePlaneMode":0,"scanfields":{"centerXY":[0,0],"sizeXY":[1,1],"rotationDegrees":0,"enable":1,"pixelResolutionXY":[{{{width}}},{{{height}}}]}}"""));
        return $$$"""{"RoiGroups":{"imagingRoiGroup":{"name":"g","rois":[{{{items}}}]},"photostimRoiGroups":null,"integrationRoiGroup":null}}""";
    }

    private static string TextHeader(int frame) =>
        $"frameNumbers = {frame + 1}\nacquisitionNumbers = 1\nframeNumberAcquisition = {frame + 1}\nframeTimestamps_sec = {frame * 0.033:0.000000}\n" +
        "acqTriggerTimestamps_sec = -1\nnextFileMarkerTimestamps_sec = -1\nendOfAcquisition = 0\nendOfAcquisitionMode = 0\ndcOverVoltage = 0\n" +
        "epoch = [2018 10 9 11 58 49.866]\nauxTrigger0 = []\nI2CData = {}\n";

    private static string JsonHeader(int frame, bool wrapped = false)
    {
        var body = $$"""{"frameNumbers": {{frame + 1}}, "acquisitionNumbers": 1, "frameTimestamps_sec": {{frame * 0.5}}, "acqTriggerTimestamps_sec": "-_Inf_", "endOfAcquisition": {{(frame == 2 ? "true" : "false")}}, "endOfAcquisitionMode": 0, "epoch": [2018, 10, 9, 11, 58, 49.866], "auxTrigger0": [], "I2CData": []}""";
        return wrapped ? $$"""{"FrameHeader": {{body}}}""" : body;
    }
}
