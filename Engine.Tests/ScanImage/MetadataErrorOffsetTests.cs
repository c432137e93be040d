using System.Text;
using ScanImageTiff.ScanImage;
using ScanImageTiff.Tests.Tiff;

namespace ScanImageTiff.Tests.ScanImage;

/// <summary>
/// Malformed metadata JSON read from a file names the file offset of the offending byte, like every other
/// format error: the byte found at <see cref="TiffFormatException.FileOffset"/> in the file is the bad one.
/// </summary>
public class MetadataErrorOffsetTests
{
    private const string GoodSection0 = """{"SI": {"VERSION_MAJOR": "2021", "hChannels": {"channelSave": 1}}}""";
    private const string GoodRois = """{"RoiGroups": {}}""";

    [Fact]
    public void A_bad_byte_in_section_0_is_named_by_its_file_offset()
    {
        using var file = Write("""{"SI": {"VERSION_MAJOR": "2021", "x": @}}""", GoodRois, """{"FrameHeader": {"frameNumbers": 1}}""");
        using var reader = ScanImageTiffReader.Open(file.Path);
        var metadata = ScanImageMetadata.Detect(reader)!;
        var e = Assert.Throws<TiffFormatException>(() => metadata.Tree);
        AssertNamesTheAt(file, e);
    }

    [Fact]
    public void A_bad_byte_in_the_roi_json_is_named_by_its_file_offset()
    {
        using var file = Write(GoodSection0, """{"RoiGroups": {"imagingRoiGroup": @}}""", """{"FrameHeader": {"frameNumbers": 1}}""");
        using var reader = ScanImageTiffReader.Open(file.Path);
        var metadata = ScanImageMetadata.Detect(reader)!;
        var e = Assert.Throws<TiffFormatException>(() => metadata.Rois);
        AssertNamesTheAt(file, e);
    }

    [Fact]
    public void A_bad_byte_in_a_frame_header_is_named_by_its_file_offset()
    {
        using var file = Write(GoodSection0, GoodRois, """{"FrameHeader": {"frameNumbers": @}}""");
        using var acquisition = ScanImageAcquisition.Open(file.Path);
        var e = Assert.Throws<TiffFormatException>(() => acquisition.GetFrameHeader(0));
        AssertNamesTheAt(file, e);
    }

    private static void AssertNamesTheAt(TempFile file, TiffFormatException e)
    {
        var bytes = file.ReadAllBytes();
        Assert.Single(bytes, b => b == (byte)'@');
        Assert.InRange(e.FileOffset, 0, bytes.Length - 1);
        Assert.Equal((byte)'@', bytes[e.FileOffset]);
        Assert.Equal(file.Path, e.FilePath);
        Assert.Contains($"byte offset {e.FileOffset}", e.Message, StringComparison.Ordinal);
    }

    private static TempFile Write(string section0, string section1, string description)
    {
        var file = new TempFile();
        using var writer = TiffStackWriter.Create(file.Path, TiffWriterOptions.ScanImage(Encoding.UTF8.GetBytes(section0), Encoding.UTF8.GetBytes(section1)));
        writer.AppendFrame<short>(new short[16], 4, 4, description);
        return file;
    }
}
