using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ScanImageTiff.Cli.Input;

namespace ScanImageTiff.Cli.ScanImage;

/// <summary>
/// THE SEAM: everything the CLI derives from ScanImage metadata goes through these functions, so the
/// ScanImage acquisition layer (era detection, channels × slices × volumes, ROIs, metadata trees)
/// can replace them without touching the commands.
/// </summary>
/// <remarks>
/// Phase 1 (this file): only the raw ScanImage 2016+ block is known. <see cref="Describe"/> reports the
/// block and nulls; <see cref="Map"/> uses plain-TIFF semantics; <see cref="Select"/> refuses;
/// <see cref="ReadFrameClock"/> and <see cref="MetadataJson"/> are tiny local parsers;
/// <see cref="ParseFrameHeader"/> returns null; <see cref="ComposeVidrioMetadata"/> will move to the library.
/// </remarks>
internal static class ScanImageSummary
{
    /// <summary>
    /// The <c>scanImage</c> value of <c>sitiff info --json</c>: null for a plain TIFF, else an object with
    /// <c>era</c>, <c>formatVersion</c>, <c>metadataFormat</c>, <c>channels</c>, <c>slices</c>,
    /// <c>framesPerSlice</c>, <c>volumes</c>, <c>flybackFramesPerVolume</c>, <c>framesPerVolumeOnDisk</c>,
    /// <c>rois</c> (array of {name,row,col,height,width}). The text table of <c>sitiff info</c> prints
    /// whatever non-null fields this object has.
    /// </summary>
    public static JsonObject? Describe(FileSet files)
    {
        var reader = files.Readers[0];
        if (reader.ScanImageBlockVersion is not { } version)
        {
            return null;
        }

        var s0 = reader.GetScanImageSectionBytes(0);
        return new JsonObject
        {
            ["era"] = "2016+",
            ["formatVersion"] = version,
            ["metadataFormat"] = s0.Length > 0 && s0[0] == (byte)'{' ? "json" : "matlab",
            ["channels"] = null,
            ["slices"] = null,
            ["framesPerSlice"] = null,
            ["volumes"] = null,
            ["flybackFramesPerVolume"] = null,
            ["framesPerVolumeOnDisk"] = null,
            ["rois"] = new JsonArray(),
        };
    }

    /// <summary>One entry per IFD of all files, in order (<c>sitiff map</c>). Phase 1: plain-TIFF semantics.</summary>
    public static IReadOnlyList<FrameLocation> Map(FileSet files)
    {
        var result = new FrameLocation[files.FrameCount];
        for (var file = 0; file < files.Count; file++)
        {
            var start = files.StartOf(file);
            var count = files.Readers[file].FrameCount;
            for (var i = 0; i < count; i++)
            {
                var ifd = start + i;
                result[ifd] = new FrameLocation(ifd, file, Volume: 0, Slice: 0, Frame: ifd, Channel: 1, Flyback: false);
            }
        }

        return result;
    }

    /// <summary>
    /// The frames (global IFDs, ascending, with an optional crop for an mROI field) that
    /// <c>--channel/--slice/--volume/--roi</c> pick. Phase 1: always a usage error.
    /// </summary>
    public static IReadOnlyList<SelectedFrame> Select(FileSet files, StructureRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        throw new CliUsageException(
            $"{request.Describe()} requires ScanImage acquisition structure, which this sitiff build cannot derive yet ({files.Readers[0].FilePath}); use --frames");
    }

    /// <summary>
    /// <c>frameNumbers</c>, <c>frameTimestamps_sec</c> and <c>endOfAcquisition</c> of one frame's
    /// description (text <c>key = value</c> lines or the JSON form), for <c>sitiff stream</c>.
    /// </summary>
    public static FrameClock ReadFrameClock(ScanImageTiffReader reader, int frame)
    {
        var length = reader.GetDescriptionByteCount(frame);
        if (length == 0)
        {
            return default;
        }

        var scratch = reader.Source.IsMapped ? default : new byte[length];
        var text = reader.GetDescriptionSpan(frame, scratch);
        var end = text.IndexOf((byte)0);
        if (end >= 0)
        {
            text = text[..end];
        }

        var first = text.IndexOfAnyExcept(" \t\r\n"u8);
        return first >= 0 && text[first] == (byte)'{' ? ReadJsonClock(text) : ReadTextClock(text);
    }

    /// <summary>The parsed header of one frame for <c>sitiff descriptions --json</c> (added as <c>header</c>). Phase 1: null.</summary>
    public static JsonNode? ParseFrameHeader(string description)
    {
        ArgumentNullException.ThrowIfNull(description);
        return null;
    }

    /// <summary>
    /// <c>sitiff metadata --json</c>. Phase 1: section 1 is parsed as JSON; section 0 (the default) as an
    /// object of <c>key: raw value text</c> pairs split at the first <c>" = "</c> of each line (or parsed as
    /// JSON when it is ScanImage's JSON form). An empty object when the file has no ScanImage block.
    /// </summary>
    public static JsonNode MetadataJson(ScanImageTiffReader reader, int? section)
    {
        var bytes = WithoutTrailingNul(reader.GetScanImageSectionBytes(section ?? 0));
        if (bytes.Length == 0)
        {
            return new JsonObject();
        }

        var text = Encoding.UTF8.GetString(bytes);
        if (section == 1 || text.TrimStart().StartsWith('{'))
        {
            try
            {
                return JsonNode.Parse(text) ?? new JsonObject();
            }
            catch (JsonException e)
            {
                throw new CliFileException($"{reader.FilePath}: ScanImage section {section ?? 0} is not valid JSON: {e.Message}");
            }
        }

        var result = new JsonObject();
        foreach (var line in text.Split('\n'))
        {
            var at = line.IndexOf(" = ", StringComparison.Ordinal);
            if (at > 0)
            {
                result[line[..at].Trim()] = line[(at + 3)..].TrimEnd('\r');
            }
        }

        return result;
    }

    /// <summary>
    /// What ScanImageTiffReader returns as metadata (spec scanimagetiffreader-api.md §2.4): for the
    /// MATLAB text form, section 0 with its final NUL replaced by <c>\n</c> followed by section 1; for
    /// the JSON form <c>"{" + inner(s0) + "," + inner(s1) + "}"</c>. Empty without a ScanImage block.
    /// </summary>
    /// <param name="reader">The file.</param>
    /// <param name="cliBytes">
    /// False: the text the bindings' <c>metadata()</c> return (cut at the first NUL). True: the exact
    /// bytes the 1.3 command-line tool prints (section 1's trailing NUL kept, then a newline).
    /// </param>
    public static byte[] ComposeVidrioMetadata(ScanImageTiffReader reader, bool cliBytes)
    {
        if (reader.ScanImageBlockVersion is null)
        {
            return [];
        }

        var s0 = reader.GetScanImageSectionBytes(0);
        var s1 = reader.GetScanImageSectionBytes(1);
        byte[] composed;
        if (s1.Length == 0)
        {
            composed = s0;
        }
        else if (s0.Length > 0 && s0[0] == (byte)'{')
        {
            composed = [(byte)'{', .. Inner(CString(s0)), (byte)',', .. Inner(CString(s1)), (byte)'}'];
        }
        else
        {
            composed = [.. s0, .. s1];
            if (s0.Length > 0)
            {
                composed[s0.Length - 1] = (byte)'\n';
            }
        }

        if (cliBytes)
        {
            return [.. composed, (byte)'\n'];
        }

        var nul = Array.IndexOf(composed, (byte)0);
        return nul < 0 ? composed : composed[..nul];
    }

    /// <summary>A section's bytes without its single trailing NUL (what ScanImage wrote before terminating it).</summary>
    public static byte[] WithoutTrailingNul(byte[] section) =>
        section.Length > 0 && section[^1] == 0 ? section[..^1] : section;

    private static FrameClock ReadTextClock(ReadOnlySpan<byte> text)
    {
        long? frameNumber = null;
        double? timestamp = null;
        var end = false;
        while (!text.IsEmpty)
        {
            var eol = text.IndexOfAny((byte)'\n', (byte)'\r');
            var line = eol < 0 ? text : text[..eol];
            text = eol < 0 ? default : text[(eol + 1)..];
            var eq = line.IndexOf((byte)'=');
            if (eq <= 0)
            {
                continue;
            }

            var key = line[..eq].Trim((byte)' ');
            var value = line[(eq + 1)..].Trim((byte)' ');
            if (key.SequenceEqual("frameNumbers"u8) && Utf8Parser.TryParse(value, out long n, out var used) && used == value.Length)
            {
                frameNumber = n;
            }
            else if (key.SequenceEqual("frameTimestamps_sec"u8) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var t))
            {
                timestamp = t;
            }
            else if (key.SequenceEqual("endOfAcquisition"u8))
            {
                end = value.SequenceEqual("1"u8);
            }
        }

        return new FrameClock(frameNumber, timestamp, end);
    }

    private static FrameClock ReadJsonClock(ReadOnlySpan<byte> text)
    {
        try
        {
            var node = JsonNode.Parse(text);
            var root = node?["FrameHeader"] ?? node;
            if (root is not JsonObject o)
            {
                return default;
            }

            return new FrameClock(
                o["frameNumbers"] is JsonValue n && n.TryGetValue<long>(out var number) ? number : null,
                o["frameTimestamps_sec"] is JsonValue t && t.TryGetValue<double>(out var seconds) ? seconds : null,
                o["endOfAcquisition"] is JsonValue e && e.TryGetValue<double>(out var flag) && flag == 1);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static ReadOnlySpan<byte> CString(byte[] bytes)
    {
        var nul = Array.IndexOf(bytes, (byte)0);
        return nul < 0 ? bytes : bytes.AsSpan(0, nul);
    }

    private static ReadOnlySpan<byte> Inner(ReadOnlySpan<byte> json)
    {
        var open = json.IndexOf((byte)'{');
        var close = json.LastIndexOf((byte)'}');
        return open >= 0 && close > open ? json[(open + 1)..close] : json;
    }
}
