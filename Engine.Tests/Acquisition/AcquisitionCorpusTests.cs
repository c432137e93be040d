using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using ScanImageTiff.ScanImage;
using ScanImageTiff.Tests.Support;

namespace ScanImageTiff.Tests.Acquisition;

/// <summary>Era, structure, IFD map and frame headers of the real files against expected.json.</summary>
public sealed class AcquisitionCorpusTests
{
    public static TheoryData<string> Files => Corpus.FileNames();

    [CorpusTheory]
    [MemberData(nameof(Files))]
    public void Era_and_sections(string name)
    {
        var e = Corpus.Files[name]!["scanimage"]!;
        using var a = ScanImageAcquisition.Open(Corpus.Path(name));
        var m = a.Metadata!;
        Assert.NotNull(m);
        var era = (string)e["era"]!;
        Assert.Equal(era == "3.x" ? "3" : era, m.Era.Label());
        Assert.Equal((int?)e["block_version"], m.FormatVersion);
        if (m.Era == ScanImageEra.SI2016Plus)
        {
            Assert.Equal((long)e["section0_length"]!, m.Section0.Length);
            Assert.Equal((long)e["section1_length"]!, m.Section1.Length);
            Assert.Equal((string)e["section0_sha256"]!, Hash.Sha256(m.Section0.Span[..^1]));
            Assert.Equal((string)e["section1_sha256"]!, Hash.Sha256(m.Section1.Span[..^1]));
            Assert.Equal(ScanImageMetadataFormat.Matlab, m.Format);
            var vidrio = m.GetVidrioMetadata();
            Assert.Equal(m.Section0.Length + m.Section1.Length, vidrio.Length);
            Assert.Equal((byte)'\n', vidrio[m.Section0.Length - 1]);
            var group = e["roi_group"]!;
            Assert.Equal((string)group["imaging_roi_group_name"]!, m.Rois.ImagingRoiGroup!.Name);
            Assert.Equal((int)group["imaging_roi_count"]!, m.Rois.ImagingRoiGroup.Rois.Count);
            Assert.Empty(a.Rois);
        }
        else
        {
            Assert.Equal(ScanImageMetadataFormat.Legacy, m.Format);
            var state = e["state_header"]!;
            Assert.Equal((string)state["sha256"]!, Hash.Sha256(System.Text.Encoding.UTF8.GetBytes(a.Files[0].GetDescription(0))));
            Assert.Equal((double)state["values"]!["state.software.version"]!, m.Tree["state.software.version"]!.AsDouble());
        }
    }

    [CorpusTheory]
    [MemberData(nameof(Files))]
    public void Structure_and_ifd_map(string name)
    {
        var e = Corpus.Files[name]!["acquisition"]!;
        using var a = ScanImageAcquisition.Open(Corpus.Path(name));
        var s = a.Structure!;
        AssertStructure(e, s);
        if (e["volume_offset"] is JsonValue offset)
        {
            Assert.Equal((long)offset, s.VolumeOffset);
        }

        foreach (var entry in e["ifd_map"]!.AsArray())
        {
            AssertPlace(entry!, s.Locate((int)entry!["ifd"]!));
        }
    }

    [CorpusFact]
    public void Multi_file_groups_carry_phase_across_files()
    {
        foreach (var (_, node) in Corpus.Groups)
        {
            var g = node!;
            var files = g["files"]!.AsArray().Select(f => Corpus.Path((string)f!)).ToArray();
            using var a = ScanImageAcquisition.Open(files);
            Assert.Equal((int)g["total_ifds"]!, a.FrameCount);
            AssertStructure(g["acquisition"]!, a.Structure!);
            foreach (var entry in g["first_ifd_of_each_file"]!.AsArray().Append(g["last_ifd"]))
            {
                var ifd = (int)entry!["global_ifd"]!;
                AssertPlace(entry, a.Structure!.Locate(ifd));
            }

            // Sibling discovery from any one file finds the same set, in order.
            var siblings = ScanImageAcquisition.FindSiblings(files[3]);
            Assert.Equal(files.Select(Path.GetFullPath), siblings.Select(Path.GetFullPath));

            var columns = a.ReadFrameHeaderColumns();
            Assert.Equal((string)g["frame_timestamps_sha256"]!, Hash.Sha256(MemoryMarshal.AsBytes(columns.FrameTimestamps.AsSpan())));
            var eoa = Enumerable.Range(0, columns.Count).Where(i => columns.EndOfAcquisition[i]).ToArray();
            Assert.Equal(g["end_of_acquisition_global_ifds"]!.AsArray().Select(v => (int)v!), eoa);
        }
    }

    [CorpusTheory]
    [MemberData(nameof(Files))]
    public void Frame_header_columns(string name)
    {
        var d = Corpus.Files[name]!["descriptions"]!;
        if (d["frame_timestamps_sha256"] is null)
        {
            return; // SI 3.x has no frame headers
        }

        using var a = ScanImageAcquisition.Open(Corpus.Path(name), options: new ReaderOptions { Backend = ReadBackend.RandomAccess });
        var c = a.ReadFrameHeaderColumns();
        Assert.Equal(a.FrameCount, c.Count);
        Assert.Equal((string)d["frame_timestamps_sha256"]!, Hash.Sha256(MemoryMarshal.AsBytes(c.FrameTimestamps.AsSpan())));
        Assert.Equal(d["frame_numbers"]!.AsArray().Select(v => (long)v!), c.FrameNumbers);
        Assert.Equal(d["end_of_acquisition_ifds"]!.AsArray().Select(v => (int)v!), Enumerable.Range(0, c.Count).Where(i => c.EndOfAcquisition[i]));
        foreach (var h in d["frame_headers"]!.AsArray())
        {
            var header = a.GetFrameHeader((int)h!["ifd"]!);
            Assert.Equal((long)h["values"]!["frameNumbers"]!, header.FrameNumber);
            Assert.Equal((double)h["values"]!["frameTimestamps_sec"]!, header.FrameTimestamp);
        }
    }

    [CorpusFact]
    public void Select_skips_flyback_and_filters_by_channel_slice_volume()
    {
        var g = Corpus.Groups["si2021_fastz_vol_2ch_multifile"]!;
        using var a = ScanImageAcquisition.Open(g["files"]!.AsArray().Select(f => Corpus.Path((string)f!)));
        var s = a.Structure!;

        // Channel 2 of plane 5: one IFD per volume, at c + C·(slice + D·v) = 1 + 2·(5 + 16·v).
        var picked = s.Select(channel: 2, slice: 5);
        Assert.Equal(Enumerable.Range(0, 100).Select(v => 1 + (2 * (5 + (16 * v)))), picked);
        Assert.Equal(picked[7], s.IndexOf(7, 5, 0, 1));

        // All non-flyback frames of volume 3: 9 slices × 2 channels; with flyback 16 × 2.
        Assert.Equal(18, s.Select(volume: 3).Length);
        Assert.Equal(32, s.Select(volume: 3, includeFlyback: true).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Select(channel: 3));
    }

    private static void AssertStructure(JsonNode e, AcquisitionStructure s)
    {
        Assert.Equal(e["channels"]!.AsArray().Select(v => (int)v!), s.Channels);
        Assert.Equal((int)e["slices_per_volume"]!, s.SlicesPerVolume);
        Assert.Equal((int)e["frames_per_slice"]!, s.FramesPerSlice);
        Assert.Equal((int)e["flyback_frames_per_volume"]!, s.FlybackFramesPerVolume);
        Assert.Equal((int)e["frames_per_volume_on_disk"]!, s.FramesPerVolumeOnDisk);
        Assert.Equal((int)e["ifds_per_volume"]!, s.IfdsPerVolume);
        Assert.Equal((int)e["volumes_complete"]!, s.VolumesComplete);
        Assert.Equal((int)e["ifds_in_partial_volume"]!, s.IfdsInPartialVolumes);
        Assert.Equal((int?)e["volumes_in_metadata"], s.VolumesInMetadata);
        Assert.Equal((string?)e["stack_mode"], s.StackMode);
    }

    private static void AssertPlace(JsonNode entry, FrameCoordinates p)
    {
        Assert.Equal((int)entry["volume"]!, p.Volume);
        Assert.Equal((int)entry["channel"]!, p.Channel);
        Assert.Equal((int)entry["channel_index"]!, p.ChannelIndex);
        Assert.Equal((bool)entry["flyback"]!, p.IsFlyback);
        Assert.Equal((int)entry["frame_in_volume"]!, p.FrameInVolume);
        Assert.Equal((int?)entry["slice"] ?? -1, p.Slice);
        Assert.Equal((int?)entry["frame_in_slice"] ?? -1, p.FrameInSlice);
    }
}
