using System.Text;
using ScanImageTiff.Acquisition;
using ScanImageTiff.ScanImage;
using ScanImageTiff.Tests.Support;
using ScanImageTiff.Tests.Tiff;
using static ScanImageTiff.Tests.Support.TiffBuilder;

namespace ScanImageTiff.Tests.Acquisition;

/// <summary>
/// A tif export keeps each frame's description as <see cref="ScanImageTiffReader.GetDescription"/> reads it: the
/// stored bytes without their trailing padding and NULs, then one NUL; multi-byte UTF-8 unchanged, and bytes that
/// are not UTF-8 replaced (U+FFFD), as a string would carry them. The same for <see cref="TiffConverter.Convert"/>.
/// Hand-built descriptions, read back by the reader.
/// </summary>
public sealed class ExportDescriptionTests
{
    private static readonly byte[][] Descriptions =
    [
        "frameNumbers = 1\nframeTimestamps_sec = 0.5\n     \0\0"u8.ToArray(),
        "caf\u00e9 = '\u65e5\u672c'\n"u8.ToArray(),
        [(byte)'a', (byte)' ', 0xFF, 0xFE, (byte)'b', 0],
        "   \0"u8.ToArray(),
        [(byte)'x', 0, (byte)'y', (byte)' ', 0],
    ];

    // What GetDescription reads back from each of Descriptions: padding and NULs dropped, bad UTF-8 replaced.
    private static readonly string[] Expected = ["frameNumbers = 1\nframeTimestamps_sec = 0.5\n", "caf\u00e9 = '\u65e5\u672c'\n", "a \uFFFD\uFFFDb", string.Empty, "x\0y"];

    [Theory]
    [InlineData(ReadBackend.Mapped, false)]
    [InlineData(ReadBackend.RandomAccess, false)]
    [InlineData(ReadBackend.Mapped, true)]
    [InlineData(ReadBackend.RandomAccess, true)] // each description read with its pixels in one read
    public void Descriptions_are_exported_as_the_reader_reads_them(ReadBackend backend, bool descriptionsFirst)
    {
        using var source = new TempFile(Build(descriptionsFirst));
        using var exported = new TempFile();
        using (var acquisition = ScanImageAcquisition.Open(source.Path, options: new ReaderOptions { Backend = backend, ShareMappings = false }))
        {
            acquisition.Select().WriteTiff(exported.Path);
        }

        using var written = ScanImageTiffReader.Open(exported.Path, new ReaderOptions { ShareMappings = false });
        Assert.Equal(Descriptions.Length, written.FrameCount);
        var expected = Expected;
        for (var i = 0; i < Descriptions.Length; i++)
        {
            Assert.Equal(expected[i], written.GetDescription(i));
            Assert.Equal([.. Encoding.UTF8.GetBytes(expected[i]), 0], written.GetDescriptionBytes(i));
            Assert.Equal(Samples(i), written.GetFrameMemory<ushort>(i).ToArray());
        }
    }

    [Theory]
    [InlineData(false, TiffCompressionMethod.None)]
    [InlineData(true, TiffCompressionMethod.Zstd)]
    public void Descriptions_are_converted_as_the_reader_reads_them(bool descriptionsFirst, TiffCompressionMethod compression)
    {
        using var source = new TempFile(Build(descriptionsFirst));
        using var converted = new TempFile();
        TiffConverter.Convert(source.Path, converted.Path, new TiffWriterOptions { Compression = compression });

        using var written = ScanImageTiffReader.Open(converted.Path, new ReaderOptions { ShareMappings = false });
        Assert.Equal(Descriptions.Length, written.FrameCount);
        for (var i = 0; i < Descriptions.Length; i++)
        {
            Assert.Equal(Expected[i], written.GetDescription(i));
            Assert.Equal([.. Encoding.UTF8.GetBytes(Expected[i]), 0], written.GetDescriptionBytes(i));
            var pixels = new ushort[12];
            written.ReadFrame<ushort>(i, pixels);
            Assert.Equal(Samples(i), pixels);
        }
    }

    /// <summary>
    /// Five 4 x 3 int16 frames, each with one of <see cref="Descriptions"/> stored as its exact bytes: after the
    /// pixels (with the IFD), or first, just before the pixels, as ScanImage writes them.
    /// </summary>
    private static byte[] Build(bool descriptionsFirst)
    {
        var b = new TiffBuilder();
        for (var i = 0; i < Descriptions.Length; i++)
        {
            var description = Descriptions[i];
            // A value of 4 bytes or less is stored in the entry itself, wherever the others go.
            var first = descriptionsFirst && description.Length > b.OffsetSize;
            var descriptionAt = first ? b.Append(description) : -1;
            var at = b.AppendSamples<ushort>(Samples(i));
            var ifd = b.FrameIfd(4, 3, 16, [at], [24], rowsPerStrip: 3);
            if (first)
            {
                ifd.Field(270, FieldType.Ascii, (ulong)description.Length, (ulong)descriptionAt);
            }
            else
            {
                ifd.Raw(270, FieldType.Ascii, (ulong)description.Length, description);
            }

            b.WriteIfd(ifd);
        }

        return b.ToArray();
    }

    private static ushort[] Samples(int frame) => [.. Enumerable.Range(1, 12).Select(v => (ushort)((frame * 100) + v))];
}
