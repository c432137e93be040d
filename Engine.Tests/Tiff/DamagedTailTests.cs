namespace ScanImageTiff.Tests.Tiff;

/// <summary>
/// Files whose tail is missing (a disk that filled up mid-acquisition): the intact frames open and read
/// exactly, <see cref="ScanImageTiffReader.Damage"/> names the first broken IFD and the structure that
/// is cut off, and appending the missing bytes later lets <see cref="ScanImageTiffReader.Refresh"/> finish.
/// </summary>
public sealed class DamagedTailTests
{
    public static TheoryData<string, bool, bool> Rows()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var cut in new[] { "mid pixels", "mid IFD", "after entries", "description cut", "at IFD" })
        {
            foreach (var (big, be) in HandBuiltFileTests.Forms)
            {
                data.Add(cut, big, be);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Intact_frames_read_and_damage_names_the_broken_ifd(string cut, bool bigTiff, bool bigEndian)
    {
        using var file = new TempFile();
        var frames = WriteFile(file.Path, bigTiff, bigEndian);
        var full = file.ReadAllBytes();
        var raw = new RawTiff(full);
        var ifds = raw.IfdOffsets();
        Assert.Equal(4, ifds.Count);
        var last = ifds[3];
        var lastData = raw.Value(raw.Find(last, 273));
        var (length, offset) = cut switch
        {
            "mid pixels" => (lastData + (frames[3].Length / 2), raw.Find(last, 273).EntryAt),
            "mid IFD" => (last + (raw.IfdSize(last) / 2), last),
            "after entries" => (raw.NextAt(last), last),
            "description cut" => (last + raw.IfdSize(last) + 3, raw.Find(last, 270).EntryAt),
            "at IFD" => (last, raw.NextAt(ifds[2])),
            _ => throw new ArgumentOutOfRangeException(nameof(cut)),
        };
        Assert.True(raw.Find(last, 270).DataAt == last + raw.IfdSize(last), "the writer puts the description right after the IFD");
        file.Truncate(length);

        foreach (var backend in HandBuiltFileTests.Backends)
        {
            using (var r = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend }))
            {
                Assert.Equal(3, r.FrameCount);
                Assert.NotNull(r.Damage);
                Assert.Equal(3, r.Damage.IfdIndex);
                Assert.True(offset == r.Damage.FileOffset, $"expected damage at {offset}: {r.Damage}");
                Assert.False(r.IsChainComplete);
                Assert.True(r.IsUniform, "the cut-off frame has another shape, but it is not a frame of this file");
                Assert.Equal((3, 4, 4, 1, PixelType.UInt16), r.GetStackShape());
                Assert.Equal(frames[..3].SelectMany(f => f).ToArray(), r.ReadFrames<ushort>(0, 3));
                Assert.Equal("frame 2 of a stack whose tail is lost", r.GetDescription(2));
                Assert.Throws<ArgumentOutOfRangeException>(() => r.GetFrameInfo(3));
            }
        }

        // The tail arrives after all (a copy that finished): the same reader picks it up.
        using var reader = ScanImageTiffReader.Open(file.Path);
        using (var stream = new FileStream(file.Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            stream.Write(full.AsSpan((int)length));
        }

        Assert.Equal(4, reader.Refresh());
        Assert.Null(reader.Damage);
        Assert.True(reader.IsChainComplete);
        Assert.False(reader.IsUniform);
        Assert.Equal(frames[3], reader.GetFrameMemory<ushort>(3).ToArray());
        Assert.Equal(frames[0], reader.GetFrameMemory<ushort>(0).ToArray());
    }

    [Theory]
    [MemberData(nameof(HandBuiltFileTests.AllForms), MemberType = typeof(HandBuiltFileTests))]
    public void Truncated_to_the_header_is_a_format_error(bool bigTiff, bool bigEndian)
    {
        using var file = new TempFile();
        WriteFile(file.Path, bigTiff, bigEndian);
        file.Truncate(bigTiff ? 16 : 8);
        foreach (var backend in HandBuiltFileTests.Backends)
        {
            var e = Assert.Throws<TiffFormatException>(() => ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend }));
            Assert.Equal((bigTiff ? 8L : 4L, 0), (e.FileOffset, e.IfdIndex));
        }
    }

    [Fact]
    public void First_frame_cut_off_is_a_format_error()
    {
        using var file = new TempFile();
        WriteFile(file.Path, bigTiff: true, bigEndian: false);
        var raw = new RawTiff(file.ReadAllBytes());
        var first = raw.FirstIfd;
        var data = raw.Value(raw.Find(first, 273));
        file.Truncate(data + 5);
        var e = Assert.Throws<TiffFormatException>(() => ScanImageTiffReader.Open(file.Path));
        Assert.Equal((raw.Find(first, 273).EntryAt, 0), (e.FileOffset, e.IfdIndex));
    }

    /// <summary>Three 4 x 4 frames and a 6 x 5 fourth, uint16, each with an out-of-line description.</summary>
    private static ushort[][] WriteFile(string path, bool bigTiff, bool bigEndian)
    {
        var frames = new ushort[4][];
        using var w = TiffStackWriter.Create(path, new TiffWriterOptions { BigTiff = bigTiff, ByteOrder = bigEndian ? TiffByteOrder.BigEndian : TiffByteOrder.LittleEndian });
        for (var i = 0; i < 4; i++)
        {
            var (width, height) = i < 3 ? (4, 4) : (6, 5);
            frames[i] = Samples.Values<ushort>(width * height, i);
            w.AppendFrame<ushort>(frames[i], width, height, $"frame {i} of a stack whose tail is lost");
        }

        return frames;
    }
}
