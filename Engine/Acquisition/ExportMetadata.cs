using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Acquisition;

/// <summary>
/// The ScanImage metadata of an export, rewritten so that it describes the frames written: saved channels,
/// slices, frames per volume (with and without flyback), volumes, and after a ROI crop a single-ROI page.
/// Every other setting is kept as it was. Frame headers keep their text; only <c>frameNumbers</c> is counted
/// again over the export, so that the frames before the first one written are the export's own.
/// </summary>
internal sealed partial class ExportMetadata
{
    private readonly SelectedFrames _frames;
    private readonly AcquisitionStructure _structure;
    private readonly int[] _slicePosition;
    private readonly int[] _volumePosition;
    private readonly int _flyback;

    private ExportMetadata(SelectedFrames frames, AcquisitionStructure structure)
    {
        _frames = frames;
        _structure = structure;
        _slicePosition = Positions(frames.Slices, structure.SlicesPerVolume);
        _volumePosition = Positions(frames.Volumes, frames.Volumes.Count == 0 ? 0 : frames.Volumes[^1] + 1);
        _flyback = frames.IncludesFlyback ? structure.FlybackFramesPerVolume : 0;
    }

    private int Slices => Math.Max(1, _frames.Slices.Count);

    private int FramesPerVolume => Slices * _structure.FramesPerSlice;

    /// <summary>The rewriter for a ScanImage 2016+ selection, or null for a plain TIFF.</summary>
    public static ExportMetadata? For(SelectedFrames frames)
    {
        var acquisition = frames.Acquisition;
        if (acquisition.Metadata is not { } metadata || acquisition.Structure is not { } structure)
        {
            return null;
        }

        return new ExportMetadata(frames, structure);
    }

    /// <summary>Section 0 with the structure keys rewritten (MATLAB lines or JSON).</summary>
    public byte[] Section0()
    {
        var metadata = _frames.Acquisition.Metadata!;
        var channels = _frames.Channels;
        var values = new List<(string Key, string Matlab, JsonNode Json)>
        {
            Key("hChannels.channelSave", channels.Count == 1 ? Number(channels[0]) : "[" + string.Join(" ", channels.Select(Number)) + "]",
                channels.Count == 1 ? JsonValue.Create(channels[0]) : new JsonArray([.. channels.Select(c => (JsonNode)JsonValue.Create(c))])),
            Key("hStackManager.numSlices", Slices),
            Key("hStackManager.actualNumSlices", Slices),
            Key("hStackManager.numFramesPerVolume", FramesPerVolume),
            Key("hStackManager.numFramesPerVolumeWithFlyback", FramesPerVolume + _flyback),
            Key("hFastZ.numDiscardFlybackFrames", _flyback),
            Key("hStackManager.numVolumes", _frames.Volumes.Count),
            Key("hStackManager.actualNumVolumes", _frames.Volumes.Count),
            Key("hFastZ.numVolumes", _frames.Volumes.Count),
        };
        if (_frames.Roi is { } roi)
        {
            values.Add(Key("hRoiManager.linesPerFrame", roi.Height));
            values.Add(Key("hRoiManager.pixelsPerLine", roi.Width));
        }

        // A key whose value does not change keeps its line exactly as ScanImage wrote it.
        values.RemoveAll(v => metadata.Get("SI." + v.Key) is { Kind: MatlabValueKind.Number or MatlabValueKind.Matrix or MatlabValueKind.Logical } old
            && old.AsDoubleArray().SequenceEqual(Numbers(v.Json)));
        var text = metadata.Section0Text;
        if (metadata.Format == ScanImageMetadataFormat.Json)
        {
            var root = JsonNode.Parse(text) ?? throw new InvalidDataException("section 0 is JSON null");
            foreach (var (key, _, json) in values)
            {
                Replace(root, ("SI." + key).Split('.'), json);
            }

            return Write(root);
        }

        foreach (var (key, matlab, _) in values)
        {
            text = ReplaceLine(text, "SI." + key, matlab);
        }

        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>Section 1: unchanged, or after a ROI crop the ROI group with only that ROI.</summary>
    public byte[] Section1()
    {
        var metadata = _frames.Acquisition.Metadata!;
        var text = metadata.Section1Text;
        if (_frames.Roi is not { } roi || text.Length == 0)
        {
            return Encoding.UTF8.GetBytes(text);
        }

        // The k-th usable ROI (enabled, with a scanfield) is the p-th entry of the JSON list.
        var all = metadata.Rois.ImagingRoiGroup!.Rois;
        var position = -1;
        for (int i = 0, usable = 0; i < all.Count; i++)
        {
            if (all[i].Enabled && all[i].Scanfields.Count > 0 && usable++ == roi.Index)
            {
                position = i;
                break;
            }
        }

        var root = JsonNode.Parse(text)!;
        var group = (root["RoiGroups"] ?? root)["imagingRoiGroup"]!.AsObject();
        if (group["rois"] is JsonArray list)
        {
            var keep = list[position]!;
            list.RemoveAt(position);
            group["rois"] = keep;
        }

        return Write(root);
    }

    /// <summary>Selected frame <paramref name="k"/>'s header with <c>frameNumbers</c> counted over the export.</summary>
    public string Description(int k, string description)
    {
        var p = _frames.GetCoordinates(k);
        var volume = _volumePosition[p.Volume];
        var inVolume = p.IsFlyback
            ? FramesPerVolume + (p.FrameInVolume - (_structure.SlicesPerVolume * _structure.FramesPerSlice))
            : (_slicePosition[p.Slice] * _structure.FramesPerSlice) + p.FrameInSlice;
        var number = ((long)volume * (FramesPerVolume + _flyback)) + inVolume + 1;
        return FrameNumber().Replace(description, m => m.Groups["head"].Value + number.ToString(CultureInfo.InvariantCulture), 1);
    }

    private static (string, string, JsonNode) Key(string key, string matlab, JsonNode json) => (key, matlab, json);

    private static (string, string, JsonNode) Key(string key, int value) => (key, Number(value), JsonValue.Create(value));

    private static IEnumerable<double> Numbers(JsonNode node) =>
        node is JsonArray array ? array.Select(n => (double)n!.GetValue<int>()) : [node.GetValue<int>()];

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int[] Positions(IReadOnlyList<int> present, int size)
    {
        var positions = new int[Math.Max(size, 1)];
        for (var i = 0; i < present.Count; i++)
        {
            positions[present[i]] = i;
        }

        return positions;
    }

    /// <summary>Replaces the value of the line <c>key = ...</c> (left alone when the file has no such key).</summary>
    private static string ReplaceLine(string text, string key, string value)
    {
        var at = 0;
        while ((at = text.IndexOf(key, at, StringComparison.Ordinal)) >= 0)
        {
            var after = at + key.Length;
            var lineStart = at == 0 || text[at - 1] == '\n';
            var rest = text.AsSpan(after);
            var equals = rest.TrimStart(' ');
            if (lineStart && equals.Length > 0 && equals[0] == '=')
            {
                var valueStart = after + (rest.Length - equals.Length) + 1;
                var end = text.IndexOf('\n', valueStart);
                end = end < 0 ? text.Length : end;
                var cr = end > valueStart && text[end - 1] == '\r' ? 1 : 0;
                return string.Concat(text.AsSpan(0, valueStart), " ", value, text.AsSpan(end - cr));
            }

            at = after;
        }

        return text;
    }

    private static void Replace(JsonNode root, string[] path, JsonNode value)
    {
        var node = root;
        for (var i = 0; i < path.Length - 1; i++)
        {
            if (node is not JsonObject o || o[path[i]] is not { } child)
            {
                return;
            }

            node = child;
        }

        if (node is JsonObject parent && parent.ContainsKey(path[^1]))
        {
            parent[path[^1]] = value;
        }
    }

    private static byte[] Write(JsonNode root)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = 1024 }))
        {
            root.WriteTo(writer);
        }

        return buffer.ToArray();
    }

    [GeneratedRegex(@"(?<head>(?:^|\n)\s*""?frameNumbers""?\s*[=:]\s*)\d+", RegexOptions.CultureInvariant)]
    private static partial Regex FrameNumber();
}
