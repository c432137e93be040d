using System.Buffers.Binary;
using System.Text;

namespace ScanImageTiff.Fuzz;

/// <summary>
/// The minimal inputs of issue 15's table (F1–F7, W1, W3, M1, M2, C1), written with the project's writer (and,
/// for the strip attacks, patched strip arrays), for the replay test and for before/after measurements.
/// </summary>
public static class Issue15Inputs
{
    public static IReadOnlyList<(string Name, string Path)> Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var result = new List<(string, string)>();
        string ScanImage(string name, string section0, string section1 = "{}", int frames = 2, Func<int, string>? header = null)
        {
            var path = Path.Combine(directory, name + "_00001_00001.tif");
            using var w = TiffStackWriter.Create(path, TiffWriterOptions.ScanImage(Encoding.UTF8.GetBytes(section0), Encoding.UTF8.GetBytes(section1)));
            for (var f = 0; f < frames; f++)
            {
                w.AppendFrame<short>(new short[64], 8, 8, header?.Invoke(f) ?? $"frameNumbers = {f + 1}\n");
            }

            result.Add((name, path));
            return path;
        }

        const string Si = "SI.VERSION_MAJOR = 2021\nSI.hChannels.channelSave = 1\n";
        const string Roi = """{"RoiGroups":{"imagingRoiGroup":{"name":"g","rois":{"name":"r","enable":1,"zs":0,"scanfields":{"pixelResolutionXY":[8,8],"enable":1}}}}}""";
        ScanImage("F1-mroiEnable-2", Si + "SI.hRoiManager.mroiEnable = 2\n", Roi);
        ScanImage("F1-mroiEnable-2pow32", Si + "SI.hRoiManager.mroiEnable = 4294967296\n", Roi);
        ScanImage("F2-deep-key", Si + "SI" + string.Concat(Enumerable.Repeat(".a", 20_000)) + " = 1\n");
        ScanImage("F3-struct-array-index", Si + string.Concat(Enumerable.Range(0, 40).Select(k => $"SI.a{k}__65536.b = 1\n")));
        ScanImage("F6-huge-frame-number", "SI.VERSION_MAJOR = 2021\nSI.hChannels.channelSave = [1 2 3]\nSI.hStackManager.framesPerSlice = 2\n", frames: 6,
            header: f => f == 0 ? "frameNumbers = 4611686018427387904\n" : "frameNumbers = 1\n");
        ScanImage("F7-slices-times-frames-is-2pow32", Si + "SI.hStackManager.enable = true\nSI.hStackManager.numSlices = 65536\nSI.hStackManager.framesPerSlice = 65536\n");
        ScanImage("W1-slices-times-frames-overflows", Si + "SI.hStackManager.enable = true\nSI.hStackManager.numSlices = 2\nSI.hStackManager.framesPerSlice = 2147483646\n");
        ScanImage("W3-json-key-with-dot", """{"SI": {"VERSION_MAJOR": 2021, "a.b": 1, "c": {"d.e": [1, 2]}}}""");
        ScanImage("M1-bracketed-frame-number", Si, header: f => $"frameNumbers = [{f + 5}]\n");
        ScanImage("M2-other-wrapper", Si, header: f => "{\"Other\": {\"frameNumbers\": " + (f + 3) + "}}");
        ScanImage("C1-deep-metadata", Si + "SI" + string.Concat(Enumerable.Repeat(".a", 70)) + " = 1\n");
        result.Add(("F4-strips-on-one-row-2GB", RepeatedStrips(Path.Combine(directory, "F4.tif"), 65535, 32800, shortArrays: true)));
        result.Add(("F5-strips-on-one-row-573MB", RepeatedStrips(Path.Combine(directory, "F5.tif"), 8192, 70000, shortArrays: true)));
        return result;
    }

    /// <summary>
    /// A classic TIFF of one <paramref name="width"/>-byte row and one IFD of <paramref name="height"/> one-row
    /// strips that all point at it (SHORT arrays when asked: the byte counts must fit in 16 bits).
    /// </summary>
    private static string RepeatedStrips(string path, int width, int height, bool shortArrays)
    {
        var size = shortArrays ? 2 : 4;
        const int Entries = 8;
        var row = 8;
        var ifd = row + width + (width & 1);
        var arrays = ifd + 2 + (Entries * 12) + 4;
        var counts = arrays + (height * size);
        var file = new byte[counts + (height * size)];
        "II"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), (uint)ifd);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(ifd), Entries);
        var type = (ushort)(shortArrays ? 3 : 4);
        (ushort Tag, ushort Type, uint Count, uint Value)[] entries =
        [
            (256, 4, 1, (uint)width), (257, 4, 1, (uint)height), (258, 3, 1, 8), (259, 3, 1, 1),
            (262, 3, 1, 1), (273, type, (uint)height, (uint)arrays), (278, 4, 1, 1), (279, type, (uint)height, (uint)counts),
        ];
        for (var i = 0; i < entries.Length; i++)
        {
            var e = file.AsSpan(ifd + 2 + (i * 12));
            BinaryPrimitives.WriteUInt16LittleEndian(e, entries[i].Tag);
            BinaryPrimitives.WriteUInt16LittleEndian(e[2..], entries[i].Type);
            BinaryPrimitives.WriteUInt32LittleEndian(e[4..], entries[i].Count);
            if (entries[i].Type == 3 && entries[i].Count == 1)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(e[8..], (ushort)entries[i].Value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(e[8..], entries[i].Value);
            }
        }

        for (var s = 0; s < height; s++)
        {
            if (shortArrays)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(arrays + (s * 2)), (ushort)row);
                BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(counts + (s * 2)), (ushort)width);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(arrays + (s * 4)), (uint)row);
                BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(counts + (s * 4)), (uint)width);
            }
        }

        File.WriteAllBytes(path, file);
        return path;
    }
}
