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
/// are not UTF-8 replaced (U+FFFD), as a string would carry them. Hand-built descriptions, read back by the reader.
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

    [Theory]
    [InlineData(ReadBackend.Mapped)]
    [InlineData(ReadBackend.RandomAccess)]
    public void Descriptions_are_exported_as_the_reader_reads_them(ReadBackend backend)
    {
        using var source = new TempFile(Build());
        using var exported = new TempFile();
        using (var acquisition = ScanImageAcquisition.Open(source.Path, options: new ReaderOptions { Backend = backend, ShareMappings = false }))
        {
            acquisition.Select().WriteTiff(exported.Path);
        }

        using var written = ScanImageTiffReader.Open(exported.Path, new ReaderOptions { ShareMappings = false });
        Assert.Equal(Descriptions.Length, written.FrameCount);
        string[] expected = ["frameNumbers = 1\nframeTimestamps_sec = 0.5\n", "caf\u00e9 = '\u65e5\u672c'\n", "a \uFFFD\uFFFDb", string.Empty, "x\0y"];
        for (var i = 0; i < Descriptions.Length; i++)
        {
            Assert.Equal(expected[i], written.GetDescription(i));
            Assert.Equal([.. Encoding.UTF8.GetBytes(expected[i]), 0], written.GetDescriptionBytes(i));
        }
    }

    /// <summary>Five 4 x 3 int16 frames, each with one of <see cref="Descriptions"/> stored as its exact bytes.</summary>
    private static byte[] Build()
    {
        var b = new TiffBuilder();
        foreach (var description in Descriptions)
        {
            var at = b.AppendSamples<short>([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
            var ifd = b.FrameIfd(4, 3, 16, [at], [24], rowsPerStrip: 3);
            ifd.Raw(270, FieldType.Ascii, (ulong)description.Length, description);
            b.WriteIfd(ifd);
        }

        return b.ToArray();
    }
}
