using System.Text;
using System.Text.Json.Nodes;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Cli.ScanImage;

/// <summary>
/// Everything the CLI derives from ScanImage metadata, in one place, over the library's acquisition layer
/// (<see cref="ScanImageAcquisition"/>: era, channels × slices × volumes, ROIs, metadata trees, frame headers).
/// </summary>
internal static class ScanImageSummary
{
    /// <summary>
    /// The <c>scanImage</c> value of <c>sitiff info --json</c>: null for a plain TIFF, else <c>era</c>,
    /// <c>formatVersion</c>, <c>metadataFormat</c>, <c>channels</c>, <c>slices</c>, <c>framesPerSlice</c>,
    /// <c>volumes</c> (complete volumes in the files given), <c>flybackFramesPerVolume</c>,
    /// <c>framesPerVolumeOnDisk</c>, <c>rois</c> ({name,row,col,height,width}), plus
    /// <c>ifdsInPartialVolume</c>, <c>volumesInMetadata</c> and <c>stackMode</c>.
    /// </summary>
    public static JsonObject? Describe(ScanImageAcquisition acquisition)
    {
        if (acquisition.Metadata is not { } metadata || acquisition.Structure is not { } s)
        {
            return null;
        }

        JsonNode rois;
        string? roiProblem = null;
        try
        {
            rois = new JsonArray([.. acquisition.Rois.Select(r => (JsonNode)new JsonObject
            {
                ["name"] = r.Name,
                ["row"] = r.Row,
                ["col"] = r.Column,
                ["height"] = r.Height,
                ["width"] = r.Width,
            })]);
        }
        catch (NotSupportedException e)
        {
            rois = new JsonArray();
            roiProblem = e.Message;
        }

        var result = new JsonObject
        {
            ["era"] = metadata.Era.Label(),
            ["formatVersion"] = metadata.FormatVersion,
            ["metadataFormat"] = metadata.Format.Label(),
            ["channels"] = new JsonArray([.. s.Channels.Select(c => (JsonNode)c)]),
            ["slices"] = s.SlicesPerVolume,
            ["framesPerSlice"] = s.FramesPerSlice,
            ["volumes"] = s.VolumesComplete,
            ["flybackFramesPerVolume"] = s.FlybackFramesPerVolume,
            ["framesPerVolumeOnDisk"] = s.FramesPerVolumeOnDisk,
            ["rois"] = rois,
            ["ifdsInPartialVolume"] = s.IfdsInPartialVolumes,
            ["volumesInMetadata"] = s.VolumesInMetadata,
            ["stackMode"] = s.StackMode,
        };
        if (roiProblem is not null)
        {
            result["roiProblem"] = roiProblem;
        }

        return result;
    }

    /// <summary>One entry per IFD of all files, in order (<c>sitiff map</c>); plain-TIFF semantics without ScanImage structure.</summary>
    public static IReadOnlyList<FrameLocation> Map(ScanImageAcquisition acquisition)
    {
        var structure = acquisition.Structure;
        var result = new FrameLocation[acquisition.FrameCount];
        for (var ifd = 0; ifd < result.Length; ifd++)
        {
            var (file, _) = acquisition.Resolve(ifd);
            if (structure is null)
            {
                result[ifd] = new FrameLocation(ifd, file, Volume: 0, Slice: 0, Frame: ifd, Channel: 1, Flyback: false);
                continue;
            }

            var p = structure.Locate(ifd);
            result[ifd] = p.IsFlyback
                ? new FrameLocation(ifd, file, p.Volume, null, null, p.Channel, true)
                : new FrameLocation(ifd, file, p.Volume, p.Slice, p.FrameInSlice, p.Channel, false);
        }

        return result;
    }

    /// <summary><c>frameNumbers</c>, <c>frameTimestamps_sec</c> and <c>endOfAcquisition</c> of one frame, for <c>sitiff stream</c>.</summary>
    public static FrameClock ReadFrameClock(ReadOnlySpan<byte> description)
    {
        if (description.IsEmpty)
        {
            return default;
        }

        var counters = FrameHeader.ReadCounters(description);
        return new FrameClock(counters.FrameNumber, counters.FrameTimestamp, counters.EndOfAcquisition ?? false);
    }

    /// <summary>The parsed header of one frame for <c>sitiff descriptions --json</c> (added as <c>header</c>), or null when it has no <c>key = value</c> lines.</summary>
    public static JsonNode? ParseFrameHeader(string description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var header = FrameHeader.Parse(Encoding.UTF8.GetBytes(description));
        if (header.Values.Count == 0)
        {
            return null;
        }

        var result = new JsonObject();
        foreach (var (key, value) in header.Values)
        {
            result[key] = value.ToJsonNode();
        }

        return result;
    }

    /// <summary>
    /// <c>sitiff metadata --json</c>: section 0 (the default) as the parsed settings tree, section 1 as its
    /// JSON. An empty object for a file without ScanImage metadata.
    /// </summary>
    public static JsonNode MetadataJson(ScanImageAcquisition acquisition, int? section)
    {
        if (acquisition.Metadata is not { } metadata)
        {
            return new JsonObject();
        }

        try
        {
            return section == 1
                ? (metadata.Section1Text.Length == 0 ? new JsonObject() : JsonNode.Parse(metadata.Section1Text) ?? new JsonObject())
                : metadata.Tree.Root.ToJsonNode() ?? new JsonObject();
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new CliFileException($"{acquisition.Files[0].FilePath}: ScanImage section {section ?? 0} is not valid JSON: {e.Message}");
        }
        catch (InvalidDataException e)
        {
            throw new CliFileException($"{acquisition.Files[0].FilePath}: ScanImage section {section ?? 0}: {e.Message}");
        }
    }

    /// <summary>Section 0 or 1 without its trailing NUL (for files older than 2016, the equivalent text; see <see cref="ScanImageMetadata"/>).</summary>
    public static byte[] RawSection(ScanImageAcquisition acquisition, int section)
    {
        if (acquisition.Metadata is not { } metadata)
        {
            return [];
        }

        return WithoutTrailingNul((section == 0 ? metadata.Section0 : metadata.Section1).ToArray());
    }

    /// <summary>
    /// What ScanImageTiffReader returns as metadata (spec scanimagetiffreader-api.md §2.4), correct for
    /// files older than 2016 where that reader returns NUL bytes.
    /// </summary>
    /// <param name="acquisition">The file.</param>
    /// <param name="cliBytes">
    /// False: the text the bindings' <c>metadata()</c> return (cut at the first NUL). True: the exact
    /// bytes the 1.3 command-line tool prints (section 1's trailing NUL kept, then a newline).
    /// </param>
    public static byte[] ComposeVidrioMetadata(ScanImageAcquisition acquisition, bool cliBytes)
    {
        if (acquisition.Metadata is not { } metadata)
        {
            return [];
        }

        var composed = metadata.GetVidrioMetadata();
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
}
