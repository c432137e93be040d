using System.Runtime.InteropServices;
using ScanImageTiff.Acquisition;
using ScanImageTiff.ScanImage;
using ScanImageTiff.Streaming;
using ScanImageTiff.Tests.Cli;
using ScanImageTiff.Tests.Support;

namespace ScanImageTiff.Tests.Acquisition;

/// <summary>
/// The public acquisition-level API on the bundled sample (ScanImage 2016+, FastZ, channels [1 2], 4 slices + 2
/// flyback frames, 5 volumes: IFD = volume * 12 + frameInVolume * 2 + channelIndex) and on hand-built files.
/// Expected IFDs come from that layout, pixels from the reader's frame reads.
/// </summary>
public sealed class AcquisitionApiTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Frame_streams_select_by_channel_slice_and_volume_and_carry_coordinates()
    {
        using var acquisition = ScanImageAcquisition.Open(SampleFile.Path);
        var selection = new AcquisitionSelection { Channels = [2], Slices = [1, 3], Volumes = [0, 4] };
        int[] expected = [3, 7, 51, 55];
        var got = new List<int>();
        await foreach (var frame in acquisition.StreamFrames<short>(selection))
        {
            var ifd = expected[got.Count];
            Assert.Equal(ifd, frame.Ifd);
            Assert.Equal(got.Count, frame.Ordinal);
            Assert.Equal(0, frame.File);
            Assert.Equal(ifd, frame.IfdInFile);
            Assert.Equal(2, frame.Coordinates.Channel);
            Assert.Equal(ifd / 12, frame.Coordinates.Volume);
            Assert.Equal(ifd % 12 / 2, frame.Coordinates.Slice);
            Assert.False(frame.IsCopy);
            Assert.Equal(new FrameShape(64, 64, 1, PixelType.Int16), frame.Shape);
            Assert.True(acquisition.Files[0].GetFrameMemory<short>(ifd).Span.SequenceEqual(frame.Pixels.Span));
            got.Add(ifd);
        }

        Assert.Equal(expected, got);
    }

    [Fact]
    public void Selections_skip_flyback_unless_asked_and_say_what_they_hold()
    {
        using var acquisition = ScanImageAcquisition.Open(SampleFile.Path);
        var planes = acquisition.Select();
        Assert.Equal(40, planes.Count);
        Assert.DoesNotContain(planes.Ifds.ToArray(), ifd => ifd % 12 >= 8);
        Assert.False(planes.IncludesFlyback);
        Assert.Equal([1, 2], planes.Channels);
        Assert.Equal([0, 1, 2, 3], planes.Slices);
        Assert.Equal([0, 1, 2, 3, 4], planes.Volumes);

        var all = acquisition.Select(new AcquisitionSelection { IncludeFlyback = true });
        Assert.Equal(60, all.Count);
        Assert.True(all.IncludesFlyback);

        var range = acquisition.Select(new AcquisitionSelection { Start = 10, End = 14, Channels = [1] });
        Assert.Equal([12], range.Ifds.ToArray());

        Assert.Throws<ArgumentOutOfRangeException>(() => acquisition.Select(new AcquisitionSelection { Channels = [3] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => acquisition.Select(new AcquisitionSelection { Slices = [4] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => acquisition.Select(new AcquisitionSelection { Roi = 0 }));
    }

    [Fact]
    public async Task Untyped_streams_hand_out_bytes_with_their_type_and_copies_when_not_mapped()
    {
        var options = new ReaderOptions { Backend = ReadBackend.RandomAccess };
        using var pread = ScanImageAcquisition.Open(SampleFile.Path, options: options);
        using var mapped = ScanImageAcquisition.Open(SampleFile.Path);
        Assert.True(mapped.CanReadZeroCopy(0));
        Assert.False(pread.CanReadZeroCopy(0));
        var count = 0;
        await foreach (var frame in pread.Select(new AcquisitionSelection { Volumes = [2] }).StreamFrameBytes())
        {
            Assert.True(frame.IsCopy);
            Assert.Equal(PixelType.Int16, frame.PixelType);
            Assert.True(MemoryMarshal.AsBytes(mapped.GetFrameMemory<short>(frame.Ifd).Span).SequenceEqual(frame.Pixels.Span));
            count++;
        }

        Assert.Equal(8, count);
    }

    [Fact]
    public void Big_endian_frames_are_not_zero_copy_and_read_swapped()
    {
        var path = _dir.File("be.tif");
        using (var w = TiffStackWriter.Create(path, new TiffWriterOptions { ByteOrder = TiffByteOrder.BigEndian }))
        {
            w.AppendFrame<ushort>([1, 2, 0x0102, 0xfffe], 2, 2);
        }

        using var acquisition = ScanImageAcquisition.Open(path);
        Assert.False(acquisition.CanReadZeroCopy(0));
        Assert.False(acquisition.Files[0].TryGetFrameBytes(0, out _));
        var frames = acquisition.Select();
        using var native = frames.ReadNative<ushort>();
        Assert.Equal([1, 2, 0x0102, 0xfffe], native.Span.ToArray());
        using var bytes = frames.ReadNative<byte>();
        Assert.Equal(new byte[] { 1, 0, 2, 0, 2, 1, 0xfe, 0xff }, bytes.Span.ToArray());
    }

    [Fact]
    public void Sized_reads_return_the_selection_back_to_back()
    {
        using var acquisition = ScanImageAcquisition.Open(SampleFile.Path);
        var frames = acquisition.Select(new AcquisitionSelection { Slices = [2] });
        var expected = frames.Ifds.ToArray().SelectMany(i => acquisition.Files[0].GetFrameMemory<short>(i).ToArray()).ToArray();
        using var pooled = frames.ReadPooled<short>();
        Assert.Equal(expected, pooled.Span.ToArray());
        var span = new short[expected.Length];
        frames.Read<short>(span);
        Assert.Equal(expected, span);
        Assert.Equal(expected.Length * 2L, frames.GetByteCount());
        Assert.Throws<ArgumentException>(() => frames.Read<ushort>(new ushort[expected.Length]));
    }

    [Fact]
    public async Task Volume_streams_hold_slices_by_channels_in_one_buffer()
    {
        using var acquisition = ScanImageAcquisition.Open(SampleFile.Path);
        var reader = acquisition.Files[0];
        var seen = new List<int>();
        await foreach (var volume in acquisition.StreamVolumes<short>(new AcquisitionSelection { Slices = [0, 3] }))
        {
            using (volume)
            {
                Assert.Equal([0, 3], volume.Slices);
                Assert.Equal([1, 2], volume.Channels);
                Assert.Equal(4 * 64 * 64, volume.Pixels.Length);
                for (var z = 0; z < 2; z++)
                {
                    for (var c = 0; c < 2; c++)
                    {
                        var ifd = (volume.Volume * 12) + (volume.Slices[z] * 2) + c;
                        Assert.True(reader.GetFrameMemory<short>(ifd).Span.SequenceEqual(volume.GetPlane(z, c).Span));
                    }
                }
            }

            seen.Add(volume.Volume);
        }

        Assert.Equal([0, 1, 2, 3, 4], seen);
    }

    [Fact]
    public void Export_reports_progress_and_reselects_the_same_pixels()
    {
        using var acquisition = ScanImageAcquisition.Open(SampleFile.Path);
        var frames = acquisition.Select(new AcquisitionSelection { Channels = [2], Volumes = [1, 2] });
        var path = _dir.File("export.tif");
        var reports = new List<long>();
        frames.WriteTiff(path, new Recorder(reports));
        Assert.Equal(frames.GetByteCount(), reports[^1]);
        Assert.Equal(frames.Count, reports.Count);

        using var export = ScanImageAcquisition.Open(path);
        var s = export.Structure!;
        Assert.Equal([2], s.Channels);
        Assert.Equal(4, s.SlicesPerVolume);
        Assert.Equal(0, s.FlybackFramesPerVolume);
        Assert.Equal(2, s.VolumesComplete);
        using var again = export.Select(new AcquisitionSelection { Channels = [2], Volumes = [1] }).ReadPooled<short>();
        using var source = acquisition.Select(new AcquisitionSelection { Channels = [2], Volumes = [2] }).ReadPooled<short>();
        Assert.True(source.Span.SequenceEqual(again.Span));
    }

    [Theory]
    [InlineData("a_00001_00001_chn1.tif", "a_00001_00002_chn1.tif")]
    [InlineData("a_00001_00001.tif", "a_00001_00002.tif")]
    [InlineData("stem_x_00003_00099.tiff", "stem_x_00003_00100.tiff")]
    public void Finding_siblings_and_following_share_one_file_name_rule(string first, string second)
    {
        foreach (var name in new[] { first, second, "a_00002_00001.tif", "other.tif" })
        {
            File.WriteAllBytes(_dir.File(name), []);
        }

        Assert.Equal([_dir.File(first), _dir.File(second)], ScanImageAcquisition.FindSiblings(_dir.File(second)).Select(Path.GetFullPath));
        Assert.Equal(_dir.File(second), FrameFollower.NextScanImageFile(_dir.File(first)));
        Assert.Equal([_dir.File(first), _dir.File(second)], ScanImageAcquisition.InAcquisitionOrder([_dir.File(second), _dir.File(first)]));
        Assert.Equal([_dir.File("other.tif"), _dir.File(first)], ScanImageAcquisition.InAcquisitionOrder([_dir.File("other.tif"), _dir.File(first)]));
    }

    [CorpusFact]
    public async Task Streams_run_across_the_files_of_an_acquisition()
    {
        var files = Corpus.Groups.Select(g => g.Value!["files"]!.AsArray().Select(f => Corpus.Path((string)f!)).ToArray()).First(f => f.Length > 1);
        using var acquisition = ScanImageAcquisition.Open(files);
        var frames = acquisition.Select(new AcquisitionSelection { IncludeFlyback = true });
        var ifd = 0;
        await foreach (var frame in frames.StreamFrameBytes())
        {
            Assert.Equal(ifd, frame.Ifd);
            var (file, local) = acquisition.Resolve(ifd);
            Assert.Equal(file, frame.File);
            Assert.Equal(local, frame.IfdInFile);
            Assert.Equal(acquisition.Structure!.Locate(ifd), frame.Coordinates);
            ifd++;
        }

        Assert.Equal(acquisition.FrameCount, ifd);
        Assert.Equal(acquisition.Files.Count - 1, acquisition.Resolve(ifd - 1).File);
    }

    private sealed class Recorder(List<long> reports) : IProgress<long>
    {
        public void Report(long value) => reports.Add(value);
    }
}
