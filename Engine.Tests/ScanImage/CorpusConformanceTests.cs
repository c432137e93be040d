using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ScanImageTiff.ScanImage;
using ScanImageTiff.Tests.Support;

namespace ScanImageTiff.Tests.ScanImage;

/// <summary>Checks the metadata parsers against <c>expected.json</c> for every real file in the corpus.</summary>
public class CorpusConformanceTests
{
    public static TheoryData<string> Files2016 => Corpus.Files("2016+");

    public static TheoryData<string> Files3x => Corpus.Files("3.x");

    public static TheoryData<string> AllFiles => Corpus.Files(null);

    public static TheoryData<string> Groups => Corpus.Groups();

    private static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [CorpusTheory]
    [MemberData(nameof(Files2016))]
    public void Section0_parses_to_the_expected_values(string file)
    {
        var si = Corpus.Entry(file).GetProperty("scanimage");
        var (s0, s1) = Corpus.ReadSections(file);

        Assert.Equal(si.GetProperty("section0_length").GetInt32(), s0.Length);
        Assert.Equal(si.GetProperty("section1_length").GetInt32(), s1.Length);
        Assert.Equal(0, s0[^1]);
        Assert.Equal(si.GetProperty("section0_sha256").GetString(), Sha256(s0.AsSpan(0, s0.Length - 1)));
        Assert.Equal(si.GetProperty("section1_sha256").GetString(), Sha256(s1.AsSpan(0, s1.Length - 1)));

        var tree = MetadataTree.Parse(s0);

        foreach (var expected in si.GetProperty("section0_values").EnumerateObject())
        {
            Assert.True(tree.TryGetValue(expected.Name, out var value), $"{file}: {expected.Name} missing");
            JsonAssert.Equal(expected.Value, value.ToJsonNode(), $"{file}: {expected.Name}");
        }

        foreach (var absent in si.GetProperty("section0_keys_absent").EnumerateArray())
        {
            Assert.False(tree.TryGetValue(absent.GetString()!, out _), $"{file}: {absent} should be absent");
        }

        // Line count from the raw text, independent of the parser; every line of these files is one distinct key.
        var text = Encoding.UTF8.GetString(s0.AsSpan(0, s0.Length - 1));
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var lines = text[..^1].Split('\n');
        Assert.Equal(si.GetProperty("section0_line_count").GetInt32(), lines.Length);
        Assert.Equal(lines.Length, tree.Count);
        Assert.Equal(si.GetProperty("section0_first_line").GetString(), lines[0]);

        // Every leaf maps back to its source line, in order: key before the first " = ", raw value after it (trimmed).
        var index = 0;
        foreach (var (key, value) in tree.Flatten())
        {
            var line = lines[index++];
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            Assert.Equal(line[..eq].Trim(), key);
            Assert.Equal(line[(eq + 1)..].Trim(), value.RawText);
        }
    }

    [CorpusTheory]
    [MemberData(nameof(Files2016))]
    public void Section1_gives_the_expected_roi_group(string file)
    {
        var expected = Corpus.Entry(file).GetProperty("scanimage").GetProperty("roi_group");
        var (_, s1) = Corpus.ReadSections(file);

        var data = ScanImageRoiData.Parse(s1);

        var group = data.ImagingRoiGroup!;
        Assert.Equal(expected.GetProperty("imaging_roi_group_name").GetString(), group.Name);
        Assert.Equal(expected.GetProperty("imaging_roi_count").GetInt32(), group.Rois.Count);
        var rois = expected.GetProperty("rois").EnumerateArray().ToList();
        Assert.Equal(rois.Count, group.Rois.Count);
        for (var i = 0; i < rois.Count; i++)
        {
            Assert.Equal(rois[i].GetProperty("name").GetString(), group.Rois[i].Name);
            Assert.Equal(rois[i].GetProperty("scanfield_count").GetInt32(), group.Rois[i].Scanfields.Count);
            var resolutions = rois[i].GetProperty("scanfields_pixelResolutionXY").EnumerateArray().Select(r => (r[0].GetInt32(), r[1].GetInt32()));
            Assert.Equal(resolutions, group.Rois[i].Scanfields.Select(f => (f.PixelWidth, f.PixelHeight)));
        }
    }

    [CorpusTheory]
    [MemberData(nameof(Files2016))]
    public void Vidrio_metadata_is_n0_plus_n1_bytes_with_a_newline_at_n0_minus_1(string file)
    {
        var (s0, s1) = Corpus.ReadSections(file);

        var result = VidrioMetadata.Compose(s0, s1);

        Assert.Equal(s0.Length + s1.Length, result.Length);
        Assert.Equal((byte)'\n', result[s0.Length - 1]);
        Assert.True(result.AsSpan(0, s0.Length - 1).SequenceEqual(s0.AsSpan(0, s0.Length - 1)));
        Assert.True(result.AsSpan(s0.Length).SequenceEqual(s1));
        var bindings = VidrioMetadata.ComposeString(s0, s1);
        Assert.Equal(result.Length - 1, Encoding.UTF8.GetByteCount(bindings));
        Assert.Contains("\n\n{\n  \"RoiGroups\"", bindings, StringComparison.Ordinal);
    }

    [CorpusFact]
    public void Vidrio_metadata_sizes_match_the_documented_ones()
    {
        foreach (var (file, size) in new[]
        {
            ("si2016_bigtiff_v3_3fr_512x512_TS_UnitTestImage_BigTIFF.tif", 9706),
            ("si2021_bigtiff_v4_2ch_512x512_hostpixelcorr.tif", 21354),
            ("si2023_slowstack_2ch_2slice_2fps_3vol_scanimage_20220923_noroi.tif", 20266),
        })
        {
            var (s0, s1) = Corpus.ReadSections(file);
            Assert.Equal(size, VidrioMetadata.Compose(s0, s1).Length);
        }
    }

    [CorpusTheory]
    [MemberData(nameof(Files2016))]
    public void Frame_header_texts_parse_to_the_expected_values(string file)
    {
        var descriptions = Corpus.Entry(file).GetProperty("descriptions");
        var texts = descriptions.GetProperty("text").EnumerateArray().ToDictionary(t => t.GetProperty("ifd").GetInt32(), t => t.GetProperty("text").GetString()!);

        foreach (var expected in descriptions.GetProperty("frame_headers").EnumerateArray())
        {
            var ifd = expected.GetProperty("ifd").GetInt32();
            var values = expected.GetProperty("values");
            var header = FrameHeader.Parse(FrameHeaderTests.AsDescription(texts[ifd]));

            Assert.Equal(values.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal), header.Values.Keys.Order(StringComparer.Ordinal));
            foreach (var property in values.EnumerateObject())
            {
                JsonAssert.Equal(property.Value, header.Values[property.Name].ToJsonNode(), $"{file} IFD {ifd}: {property.Name}");
            }

            Assert.Equal(values.GetProperty("frameNumbers").GetInt64(), header.FrameNumber);
            Assert.Equal(values.GetProperty("acquisitionNumbers").GetInt64(), header.AcquisitionNumber);
            Assert.Equal(values.GetProperty("frameNumberAcquisition").GetInt64(), header.FrameNumberAcquisition);
            Assert.Equal(values.GetProperty("frameTimestamps_sec").GetDouble(), header.FrameTimestamp);
            Assert.Equal(values.GetProperty("acqTriggerTimestamps_sec").GetDouble(), header.AcqTriggerTimestamp);
            Assert.Equal(values.GetProperty("nextFileMarkerTimestamps_sec").GetDouble(), header.NextFileMarkerTimestamp);
            Assert.Equal(values.GetProperty("endOfAcquisition").GetInt32() != 0, header.EndOfAcquisition);
            Assert.Equal(values.GetProperty("endOfAcquisitionMode").GetInt32(), header.EndOfAcquisitionMode);
            Assert.Equal(values.GetProperty("dcOverVoltage").GetInt32() != 0, header.DcOverVoltage);
            var epoch = values.GetProperty("epoch").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.Equal(epoch, header.EpochVector);
            var expectedEpoch = new DateTime((int)epoch[0], (int)epoch[1], (int)epoch[2], (int)epoch[3], (int)epoch[4], 0).AddTicks((long)Math.Round(epoch[5] * TimeSpan.TicksPerSecond));
            Assert.Equal(expectedEpoch, header.Epoch);
            Assert.All(header.AuxTriggers, Assert.Empty);

            var builder = new FrameHeaderColumnsBuilder(1);
            builder.Add(FrameHeaderTests.AsDescription(texts[ifd]));
            var columns = builder.Build();
            Assert.Equal(header.FrameNumber, columns.FrameNumbers[0]);
            Assert.Equal(header.AcquisitionNumber, columns.AcquisitionNumbers[0]);
            Assert.Equal(header.FrameNumberAcquisition, columns.FrameNumberAcquisition[0]);
            Assert.Equal(header.FrameTimestamp, columns.FrameTimestamps[0]);
            Assert.Equal(header.AcqTriggerTimestamp, columns.AcqTriggerTimestamps[0]);
            Assert.Equal(header.NextFileMarkerTimestamp, columns.NextFileMarkerTimestamps[0]);
            Assert.Equal(header.EndOfAcquisition, columns.EndOfAcquisition[0]);
            Assert.Equal(header.EndOfAcquisitionMode != 0, columns.EndOfAcquisitionMode[0]);
        }
    }

    /// <summary>All IFDs of a file through the bulk builder: frame numbers, timestamp hash and end-of-acquisition IFDs.</summary>
    [CorpusTheory]
    [MemberData(nameof(Files2016))]
    public void Bulk_columns_over_every_ifd_match_expected(string file)
    {
        var entry = Corpus.Entry(file);
        var expected = entry.GetProperty("descriptions");
        var raw = Corpus.ReadDescriptions(file);
        Assert.Equal(entry.GetProperty("ifd_count").GetInt32(), raw.Count);
        Assert.Equal(expected.GetProperty("ifd0_tag_byte_count").GetInt32(), raw[0].Length);
        foreach (var text in expected.GetProperty("text").EnumerateArray())
        {
            var bytes = raw[text.GetProperty("ifd").GetInt32()];
            Assert.Equal(text.GetProperty("text").GetString(), Encoding.ASCII.GetString(bytes).TrimEnd(' ', '\0'));
        }

        var columns = Build(raw);

        Assert.Equal(raw.Count, columns.Count);
        Assert.Equal(expected.GetProperty("frame_numbers").EnumerateArray().Select(e => e.GetInt64()), columns.FrameNumbers);
        Assert.Equal(expected.GetProperty("frame_timestamps_sha256").GetString(), TimestampHash(columns.FrameTimestamps));
        Assert.Equal(expected.GetProperty("end_of_acquisition_ifds").EnumerateArray().Select(e => e.GetInt32()), Indices(columns.EndOfAcquisition));
        Assert.Equal(expected.GetProperty("end_of_acquisition_mode_ifds").EnumerateArray().Select(e => e.GetInt32()), Indices(columns.EndOfAcquisitionMode));
        Assert.DoesNotContain(-1, columns.AcquisitionNumbers);
        Assert.DoesNotContain(-1, columns.FrameNumberAcquisition);
        Assert.DoesNotContain(columns.AcqTriggerTimestamps, double.IsNaN);
        Assert.DoesNotContain(columns.NextFileMarkerTimestamps, double.IsNaN);
    }

    [CorpusTheory]
    [MemberData(nameof(Groups))]
    public void Bulk_columns_across_a_multi_file_set_match_expected(string group)
    {
        var expected = Corpus.Expected.GetProperty("groups").GetProperty(group);
        var raw = expected.GetProperty("files").EnumerateArray().SelectMany(f => Corpus.ReadDescriptions(f.GetString()!)).ToList();

        var columns = Build(raw);

        Assert.Equal(expected.GetProperty("total_ifds").GetInt32(), columns.Count);
        Assert.Equal(expected.GetProperty("frame_timestamps_sha256").GetString(), TimestampHash(columns.FrameTimestamps));
        Assert.Equal(expected.GetProperty("end_of_acquisition_global_ifds").EnumerateArray().Select(e => e.GetInt32()), Indices(columns.EndOfAcquisition));
    }

    [CorpusTheory]
    [MemberData(nameof(Files3x))]
    public void Si38_state_text_parses_to_the_expected_values(string file)
    {
        var entry = Corpus.Entry(file);
        var state = entry.GetProperty("scanimage").GetProperty("state_header");
        var text = entry.GetProperty("descriptions").GetProperty("text")[0].GetProperty("text").GetString()!;
        Assert.Equal(state.GetProperty("sha256").GetString(), Sha256(Encoding.Latin1.GetBytes(text)));

        var tree = MetadataTree.ParseMatlab(text);

        foreach (var expected in state.GetProperty("values").EnumerateObject())
        {
            Assert.True(tree.TryGetValue(expected.Name, out var value), $"{file}: {expected.Name} missing");
            JsonAssert.Equal(expected.Value, value.ToJsonNode(), $"{file}: {expected.Name}");
        }

        Assert.EndsWith("\r", text, StringComparison.Ordinal);
        var lines = text[..^1].Split('\r');
        Assert.Equal(state.GetProperty("line_count").GetInt32(), lines.Length);
        Assert.Equal(state.GetProperty("first_line").GetString(), lines[0]);
        Assert.Equal(lines.Length, tree.Count);
        Assert.Equal(lines, tree.Flatten().Select(l => l.Key + "=" + l.Value.RawText));
        foreach (var key in new[] { "state.internal.figureColormap1", "state.internal.figureColormap4" })
        {
            Assert.Equal("$scim_colorMap('gray',8,5)", tree[key]!.AsString());
        }
    }

    [CorpusTheory]
    [MemberData(nameof(Files3x))]
    public void Si38_descriptions_hold_no_frame_header(string file)
    {
        var raw = Corpus.ReadDescriptions(file);
        var state = Corpus.Entry(file).GetProperty("scanimage").GetProperty("state_header");
        Assert.Equal(state.GetProperty("byte_length").GetInt32(), raw[0].Length);

        var header = FrameHeader.Parse(raw[0]);
        var columns = Build(raw);
        var fromBytes = MetadataTree.Parse(raw[0]);

        Assert.Empty(header.Values);
        Assert.Null(header.FrameNumber);
        Assert.All(columns.FrameNumbers, n => Assert.Equal(-1, n));
        Assert.All(columns.FrameTimestamps, t => Assert.True(double.IsNaN(t)));
        Assert.Equal(state.GetProperty("line_count").GetInt32(), fromBytes.Count);
    }

    [CorpusTheory]
    [MemberData(nameof(AllFiles))]
    public void Every_file_is_in_the_corpus_with_its_recorded_hash(string file)
    {
        var bytes = File.ReadAllBytes(Corpus.PathOf(file));

        Assert.Equal(Corpus.Entry(file).GetProperty("file_sha256").GetString(), Sha256(bytes));
    }

    private static FrameHeaderColumns Build(List<byte[]> descriptions)
    {
        var builder = new FrameHeaderColumnsBuilder(descriptions.Count);
        foreach (var d in descriptions)
        {
            builder.Add(d);
        }

        return builder.Build();
    }

    private static string TimestampHash(double[] timestamps)
    {
        var bytes = new byte[timestamps.Length * 8];
        for (var i = 0; i < timestamps.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), timestamps[i]);
        }

        return Sha256(bytes);
    }

    private static IEnumerable<int> Indices(bool[] flags) => flags.Select((f, i) => (f, i)).Where(x => x.f).Select(x => x.i);
}
