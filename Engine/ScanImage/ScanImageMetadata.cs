using System.Buffers.Binary;
using System.Text;

namespace ScanImageTiff.ScanImage;

/// <summary>
/// A file's frame-invariant ScanImage metadata: the raw sections, byte-exact, and (parsed only when first
/// asked for) the settings tree and the ROI groups. <see cref="Detect"/> recognises every era.
/// </summary>
/// <remarks>
/// For 2016+ files section 0 and 1 are the two sections of the ScanImage block. Older files have no block:
/// section 0 is the frame-invariant part of IFD 0's description (all <c>state.*</c> lines in 3.x; the
/// <c>scanimage.SI*</c> lines in 4/5/2015) and section 1 is the block ScanImage 2015 appends to the file
/// (its length in the last 4 bytes), or empty.
/// </remarks>
public sealed class ScanImageMetadata
{
    private readonly Lazy<MetadataTree> _tree;
    private readonly Lazy<ScanImageRoiData> _rois;

    // Where each section's text starts in the file (-1: not known), so that a malformed-JSON error names the file
    // offset of the offending byte, not its position in the section.
    private readonly long _section0At;
    private readonly long _section1At;
    private readonly string _path;

    private readonly Lazy<int?> _formatVersion;

    private ScanImageMetadata(ScanImageEra era, int? formatVersion, ScanImageMetadataFormat format, byte[] section0, byte[] section1, Origin origin)
    {
        Era = era;

        // A 2016+ file without its block (recompressed) still records the version in section 0: SI.TIFF_FORMAT_VERSION,
        // the number the block's header holds (scanimage-format.md, section 2).
        _formatVersion = formatVersion is not null || era != ScanImageEra.SI2016Plus
            ? new Lazy<int?>(formatVersion)
            : new Lazy<int?>(RecordedFormatVersion);
        Format = format;
        Section0 = section0;
        Section1 = section1;
        (_section0At, _section1At, _path) = origin;
        _tree = new Lazy<MetadataTree>(ParseTree);
        _rois = new Lazy<ScanImageRoiData>(ParseRois);
    }

    /// <summary>The generation of ScanImage that wrote the file.</summary>
    public ScanImageEra Era { get; }

    /// <summary>
    /// The ScanImage block's version (3 or 4) for 2016+ files; for a 2016+ file whose block was lost to recompression,
    /// the same number as its metadata record it (<c>SI.TIFF_FORMAT_VERSION</c>, when 3 or 4); else null.
    /// </summary>
    public int? FormatVersion => _formatVersion.Value;

    /// <summary>
    /// The block version to write for these metadata: <see cref="FormatVersion"/>, or when even section 0 records none
    /// (metadata recovered from the tags of a recompressed file), 3 for ScanImage 2016-2019 and 4 after (from SI.VERSION_MAJOR).
    /// </summary>
    internal int BlockVersion
    {
        get
        {
            if (FormatVersion is { } version)
            {
                return version;
            }

            var major = Get("SI.VERSION_MAJOR")?.RawText ?? string.Empty;
            var digits = new string([.. major.Where(char.IsAsciiDigit).Take(4)]);
            return int.TryParse(digits, System.Globalization.CultureInfo.InvariantCulture, out var year) && year is >= 2016 and < 2020 ? 3 : 4;
        }
    }

    /// <summary><c>SI.TIFF_FORMAT_VERSION</c> from section 0 when it is 3 or 4 (the versions whose block is known), else null.</summary>
    private int? RecordedFormatVersion()
    {
        try
        {
            var text = Get("SI.TIFF_FORMAT_VERSION")?.RawText.Trim();
            return text is "3" or "4" ? text[0] - '0' : null;
        }
        catch (TiffFormatException)
        {
            // A damaged section 0 is reported where its settings are read (Tree); here it just records no version.
            return null;
        }
    }

    /// <summary>How section 0 is written.</summary>
    public ScanImageMetadataFormat Format { get; }

    /// <summary>Section 0 bytes exactly as stored (2016+: with its trailing NUL).</summary>
    public ReadOnlyMemory<byte> Section0 { get; }

    /// <summary>Section 1 bytes exactly as stored (2016+: ROI group JSON with its trailing NUL; 2015: the appended block).</summary>
    public ReadOnlyMemory<byte> Section1 { get; }

    /// <summary>Section 0 as text, without its trailing NUL.</summary>
    public string Section0Text => TextOf(Section0);

    /// <summary>Section 1 as text, without its trailing NUL.</summary>
    public string Section1Text => TextOf(Section1);

    /// <summary>The settings as a tree (parsed on first use; later calls are free).</summary>
    public MetadataTree Tree => _tree.Value;

    /// <summary>The ROI groups of section 1 (parsed on first use; empty for files without them).</summary>
    public ScanImageRoiData Rois => _rois.Value;

    /// <summary>
    /// What ScanImageTiffReader's <c>metadata()</c> returns for 2016+ files, byte for byte (section 0 with
    /// its NUL turned into a line break, then section 1; or one merged JSON object for the JSON form).
    /// For older files, where that reader returns NUL bytes, the correct text: section 0, then section 1 when present.
    /// </summary>
    public byte[] GetVidrioMetadata()
    {
        if (Era == ScanImageEra.SI2016Plus)
        {
            return VidrioMetadata.Compose(Section0.Span, Section1.Span);
        }

        var s0 = TrimNul(Section0);
        var s1 = TrimNul(Section1);
        if (s1.IsEmpty)
        {
            return s0.ToArray();
        }

        var result = new byte[s0.Length + 1 + s1.Length];
        s0.CopyTo(result);
        result[s0.Length] = (byte)'\n';
        s1.CopyTo(result.AsSpan(s0.Length + 1));
        return result;
    }

    /// <summary>
    /// A setting by its 2016+ name (<c>SI.hChannels.channelSave</c>); for ScanImage 2015 files the same
    /// setting under <c>scanimage.SI.</c> is found too. Null when absent.
    /// </summary>
    /// <param name="key">Dotted key.</param>
    public MatlabValue? Get(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Tree.TryGetValue(key, out var value))
        {
            return value;
        }

        return Era == ScanImageEra.SI2015 && key.StartsWith("SI.", StringComparison.Ordinal)
            && Tree.TryGetValue("scanimage." + key, out value) ? value : null;
    }

    /// <summary>Recognises a ScanImage file of any era, or returns null for other TIFF files.</summary>
    /// <param name="reader">An open reader.</param>
    /// <exception cref="NotSupportedException">The file has a ScanImage block of a version other than 3 or 4.</exception>
    public static ScanImageMetadata? Detect(ScanImageTiffReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.ScanImageBlockVersion is { } version)
        {
            if (version is not (3 or 4))
            {
                // The block's layout is documented (and seen) for versions 3 and 4 only; guessing would misread it.
                throw new NotSupportedException($"{reader.FilePath}: ScanImage metadata block version {version} (u32 at byte offset 20) is not supported; only 3 and 4 are");
            }

            var s0 = reader.GetScanImageSectionBytes(0);
            var format = TrimNul(s0).TrimStart(" \t\r\n"u8) is [(byte)'{', ..] ? ScanImageMetadataFormat.Json : ScanImageMetadataFormat.Matlab;
            return new ScanImageMetadata(ScanImageEra.SI2016Plus, version, format, s0, reader.GetScanImageSectionBytes(1),
                new Origin(reader.Block!.Section0Offset, reader.Block.Section1Offset, reader.FilePath));
        }

        if (reader.FrameCount == 0)
        {
            return null;
        }

        if (FromSoftwareAndArtist(reader) is { } recompressed)
        {
            return recompressed;
        }

        var description = reader.GetDescriptionBytes(0);
        var text = TrimNul(description);
        text = text[..(text.LastIndexOfAnyExcept((byte)' ') + 1)];
        if (text.StartsWith("state."u8))
        {
            return new ScanImageMetadata(ScanImageEra.SI3, null, ScanImageMetadataFormat.Legacy, text.ToArray(), [],
                new Origin(reader.Table.DescriptionOffsets[0], -1, reader.FilePath));
        }

        var start = IndexOfLineStartingWith(text, "scanimage.SI"u8);
        if (start < 0)
        {
            return null;
        }

        var invariant = text[start..].ToArray();
        var tail = invariant.AsSpan();
        ScanImageEra era;
        if (tail.StartsWith("scanimage.SI4."u8))
        {
            era = ScanImageEra.SI4;
        }
        else if (tail.StartsWith("scanimage.SI5."u8) || text.StartsWith("Frame Number"u8))
        {
            era = ScanImageEra.SI5;
        }
        else
        {
            era = ScanImageEra.SI2015;
        }

        var appended = era == ScanImageEra.SI2015 ? ReadAppendedBlock(reader) : [];
        var descriptionAt = reader.Table.DescriptionOffsets[0];
        return new ScanImageMetadata(era, null, ScanImageMetadataFormat.Legacy, invariant, appended,
            new Origin(descriptionAt < 0 ? -1 : descriptionAt + start, -1, reader.FilePath));
    }

    /// <summary>
    /// A 2016+ file rewritten by libtiff (tiffcp) or tifffile loses the block after the header, but its two
    /// sections survive where ScanImage also points to them: IFD 0's Software tag (section 0, <c>SI.*</c> lines
    /// or JSON) and Artist tag (section 1, the ROI group JSON). The block's version comes from section 0 (<see cref="FormatVersion"/>).
    /// </summary>
    private static ScanImageMetadata? FromSoftwareAndArtist(ScanImageTiffReader reader)
    {
        var (offset, count) = reader.Indexer.Software;
        if (offset < 0 || count is < 4 or > int.MaxValue)
        {
            return null;
        }

        var s0 = new byte[count];
        reader.Source.ReadStructure(offset, s0);
        var text = TrimNul(s0).TrimStart(" \t\r\n"u8);
        var format = text.StartsWith("SI."u8) ? ScanImageMetadataFormat.Matlab
            : text is [(byte)'{', ..] && text.IndexOf("\"SI\""u8) >= 0 ? ScanImageMetadataFormat.Json
            : (ScanImageMetadataFormat?)null;
        if (format is null)
        {
            return null;
        }

        var (artistOffset, artistCount) = reader.Indexer.Artist;
        var s1 = artistOffset < 0 || artistCount > int.MaxValue ? [] : new byte[artistCount];
        if (s1.Length > 0)
        {
            reader.Source.ReadStructure(artistOffset, s1);
        }

        return new ScanImageMetadata(ScanImageEra.SI2016Plus, null, format.Value, s0, s1,
            new Origin(offset, s1.Length > 0 ? artistOffset : -1, reader.FilePath));
    }

    /// <summary>
    /// ScanImage 2015 appends a string after the last frame with its u32 length in the last 4 bytes.
    /// Accepted only when it lies wholly after every frame's pixel data.
    /// </summary>
    private static byte[] ReadAppendedBlock(ScanImageTiffReader reader)
    {
        var length = reader.FileLength;
        if (length < 8)
        {
            return [];
        }

        Span<byte> tail = stackalloc byte[4];
        reader.Source.ReadStructure(length - 4, tail);
        long size = BinaryPrimitives.ReadUInt32LittleEndian(tail);
        var start = length - 4 - size;
        long dataEnd = 0;
        for (var i = 0; i < reader.FrameCount; i++)
        {
            var info = reader.GetFrameInfo(i);
            dataEnd = Math.Max(dataEnd, Math.Max(info.IfdOffset, info.DataOffset + Math.Max(0, info.ByteCount)));
        }

        if (size == 0 || start < dataEnd)
        {
            return [];
        }

        var block = new byte[size];
        reader.Source.ReadStructure(start, block);
        return block;
    }

    private MetadataTree ParseTree()
    {
        try
        {
            var bytes = TrimNul(Section0);
            return Format == ScanImageMetadataFormat.Json
                ? MetadataTree.ParseJson(bytes)
                : MetadataTree.ParseMatlab(Encoding.UTF8.GetString(bytes));
        }
        catch (TiffFormatException e) when (_section0At >= 0)
        {
            throw e.Relocated(_section0At, _path);
        }
    }

    private ScanImageRoiData ParseRois()
    {
        if (Era != ScanImageEra.SI2016Plus || TextOf(Section1).Length == 0)
        {
            return ScanImageRoiData.Parse(default);
        }

        try
        {
            return ScanImageRoiData.Parse(TrimNul(Section1));
        }
        catch (TiffFormatException e) when (_section1At >= 0)
        {
            throw e.Relocated(_section1At, _path);
        }
    }

    private static int IndexOfLineStartingWith(ReadOnlySpan<byte> text, ReadOnlySpan<byte> prefix)
    {
        var at = 0;
        while (at < text.Length)
        {
            if (text[at..].StartsWith(prefix))
            {
                return at;
            }

            var next = text[at..].IndexOfAny((byte)'\n', (byte)'\r');
            if (next < 0)
            {
                return -1;
            }

            at += next + 1;
        }

        return -1;
    }

    private static ReadOnlySpan<byte> TrimNul(ReadOnlyMemory<byte> bytes) => TrimNul(bytes.Span);

    private static ReadOnlySpan<byte> TrimNul(ReadOnlySpan<byte> bytes)
    {
        var nul = bytes.IndexOf((byte)0);
        return nul >= 0 ? bytes[..nul] : bytes;
    }

    private static string TextOf(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(TrimNul(bytes));
}
