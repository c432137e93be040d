using System.Text;
using ScanImageTiff.Acquisition;
using ScanImageTiff.ScanImage;
using ScanImageTiff.Tests.Support;
using ScanImageTiff.Tests.Tiff;

namespace ScanImageTiff.Tests.Acquisition;

/// <summary>
/// Sizes, shapes and bytes of selections over files whose frames share one layout and files whose frames do not
/// (selections measure a one-layout file in one step): expected values come from the shapes the test writes.
/// </summary>
public sealed class SelectionSizingTests : IDisposable
{
    // File 0: five 40 x 30 uint16 frames. File 1: 40 x 30 uint16, 40 x 30 uint16, 20 x 10 uint16, 40 x 30 uint8.
    // File 2: three 40 x 30 uint16 frames. Global IFDs: 0-4, 5-8, 9-11.
    private static readonly (int Width, int Height, int Bits)[][] Shapes =
    [
        [.. Enumerable.Repeat((40, 30, 16), 5)],
        [(40, 30, 16), (40, 30, 16), (20, 10, 16), (40, 30, 8)],
        [.. Enumerable.Repeat((40, 30, 16), 3)],
    ];

    private readonly List<TempFile> _files = [];
    private readonly List<byte[]> _frames = [];

    public SelectionSizingTests()
    {
        var seed = 0;
        foreach (var file in Shapes)
        {
            var b = new TiffBuilder();
            foreach (var (width, height, bits) in file)
            {
                var bytes = new byte[width * height * bits / 8];
                new Random(++seed).NextBytes(bytes);
                _frames.Add(bytes);
                var at = b.AppendSampleBytes(bytes, bits / 8);
                b.WriteIfd(b.FrameIfd(width, height, bits, [at], [bytes.Length], rowsPerStrip: height));
            }

            _files.Add(new TempFile(b.ToArray()));
        }
    }

    public void Dispose()
    {
        foreach (var f in _files)
        {
            f.Dispose();
        }
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }, 25_600, false)]
    [InlineData(new[] { 0, 1, 2, 3, 4, 9, 10, 11 }, 19_200, true)]
    [InlineData(new[] { 9, 5, 6, 2, 2 }, 12_000, true)]
    [InlineData(new[] { 5, 7 }, 2_800, false)]
    [InlineData(new[] { 4, 8 }, 3_600, false)]
    [InlineData(new[] { 8, 8, 8 }, 3_600, true)]
    [InlineData(new[] { 11, 10, 9, 4, 3 }, 12_000, true)]
    public void Byte_counts_shapes_and_bytes_follow_each_frame(int[] ifds, long bytes, bool uniform)
    {
        using var acquisition = ScanImageAcquisition.Open(_files.Select(f => f.Path));
        var frames = ifds.Length == 12 ? acquisition.Select() : acquisition.SelectIfds(ifds);
        Assert.Equal(ifds, frames.Ifds.ToArray());
        Assert.Equal(bytes, frames.GetByteCount());
        Assert.Equal(ifds.Sum(i => (long)_frames[i].Length), frames.GetByteCount());

        var shape = frames.GetUniformShape();
        Assert.Equal(uniform, shape is not null);
        if (shape is { } s)
        {
            var (width, height, bits) = Shapes.SelectMany(f => f).ElementAt(ifds[0]);
            Assert.Equal(new FrameShape(width, height, 1, bits == 8 ? PixelType.UInt8 : PixelType.UInt16), s);
        }

        using var read = frames.ReadNative<byte>();
        Assert.Equal(ifds.SelectMany(i => _frames[i]).ToArray(), read.Span.ToArray());
    }

    [Theory]
    [InlineData(0, 12)]
    [InlineData(3, 10)]
    [InlineData(5, 9)]
    [InlineData(9, 12)]
    [InlineData(4, 5)]
    [InlineData(2, 7)]
    public void A_range_selection_locates_sizes_reads_and_hashes_its_frames_across_files(int start, int end)
    {
        // A range is kept as a range (no list of IFDs) until Ifds is asked for: everything else is checked before.
        using var acquisition = ScanImageAcquisition.Open(_files.Select(f => f.Path));
        var frames = acquisition.Select(new AcquisitionSelection { Start = start, End = end });
        var ifds = Enumerable.Range(start, end - start).ToArray();
        int[] firstOfFile = [0, 5, 9, 12];
        Assert.Equal(ifds.Length, frames.Count);
        for (var k = 0; k < frames.Count; k++)
        {
            var file = Array.FindLastIndex(firstOfFile, f => f <= ifds[k]);
            Assert.Equal((file, ifds[k] - firstOfFile[file]), frames.Locate(k));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => frames.Locate(frames.Count));
        var expected = ifds.SelectMany(i => _frames[i]).ToArray();
        Assert.Equal(expected.LongLength, frames.GetByteCount());
        using (var read = frames.ReadNative<byte>())
        {
            Assert.Equal(expected, read.Span.ToArray());
        }

        Assert.Equal(System.IO.Hashing.XxHash3.HashToUInt64(expected), frames.ComputeXxHash3());
        Assert.Equal(ifds, frames.Ifds.ToArray());
    }

    [Fact]
    public void A_range_of_a_scanimage_file_without_flyback_selects_every_ifd()
    {
        // Two channels, two slices of one frame, no flyback frame: 11 IFDs (the last volume partial).
        const string text = "SI.hChannels.channelSave = [1 2]\nSI.hStackManager.enable = true\nSI.hStackManager.stackMode = 'slow'\n" +
            "SI.hStackManager.actualNumSlices = 2\nSI.hStackManager.framesPerSlice = 1\n";
        using var file = new TempFile();
        using (var w = TiffStackWriter.Create(file.Path, TiffWriterOptions.ScanImage(Encoding.UTF8.GetBytes(text), "{}"u8.ToArray())))
        {
            for (var i = 0; i < 11; i++)
            {
                w.AppendFrame<short>([(short)i, 0, 0, 0], 2, 2, $"frameNumbers = {(i / 2) + 1}\n");
            }
        }

        using var acquisition = ScanImageAcquisition.Open(file.Path);
        Assert.Equal(0, acquisition.Structure!.FlybackFramesPerVolume);
        Assert.Equal(Enumerable.Range(0, 11), acquisition.Select().Ifds.ToArray());
        Assert.Equal(Enumerable.Range(3, 6), acquisition.Select(new AcquisitionSelection { Start = 3, End = 9 }).Ifds.ToArray());
        Assert.Equal([0, 2, 4, 6, 8, 10], acquisition.Select(new AcquisitionSelection { Channels = [1] }).Ifds.ToArray());
        using var firsts = acquisition.Select(new AcquisitionSelection { Start = 3, End = 9 }).ReadNative<short>();
        Assert.Equal([3, 0, 0, 0, 4, 0, 0, 0], firsts.Span[..8].ToArray());
    }
}
