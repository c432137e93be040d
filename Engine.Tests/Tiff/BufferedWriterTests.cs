namespace ScanImageTiff.Tests.Tiff;

/// <summary>
/// The writer with a write buffer (exports and conversions) gives byte for byte the file the unbuffered writer gives,
/// whatever the frames' sizes against the buffer's, compressed or not, in either byte order, with or without the
/// ScanImage block; and before it is flushed, every frame a reader can reach is complete.
/// </summary>
public sealed class BufferedWriterTests
{
    public static TheoryData<string, int> Layouts() => new()
    {
        // layout, buffer bytes (tiny, so that frames fill it, straddle it and exceed it)
        { "bigtiff", 1000 },
        { "bigtiff", 4096 },
        { "bigtiff", 70_000 },
        { "classic-big-endian", 1000 },
        { "classic-big-endian", 9000 },
        { "scanimage", 3000 },
        { "deflate", 2000 },
        { "zstd-big-endian", 5000 },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void A_buffered_writer_writes_the_same_bytes(string layout, int bufferBytes)
    {
        var options = Options(layout);
        using var plain = new TempFile();
        using var buffered = new TempFile();
        Write(TiffStackWriter.Create(plain.Path, options));
        Write(TiffStackWriter.Create(buffered.Path, options, bufferBytes));
        Assert.Equal(plain.ReadAllBytes(), buffered.ReadAllBytes());
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(20_000)]
    public void Before_a_flush_every_frame_a_reader_reaches_is_complete(int bufferBytes)
    {
        using var file = new TempFile();
        var frames = Frames();
        using (var writer = TiffStackWriter.Create(file.Path, new TiffWriterOptions(), bufferBytes))
        {
            for (var f = 0; f < frames.Length; f++)
            {
                writer.AppendFrame<short>(frames[f].Pixels, frames[f].Width, frames[f].Height, $"frame {f}");
                using var reader = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = ReadBackend.RandomAccess });
                Assert.True(reader.FrameCount <= f + 1);
                for (var seen = 0; seen < reader.FrameCount; seen++)
                {
                    Assert.Equal(frames[seen].Pixels, reader.ReadFrames<short>(seen, seen + 1));
                    Assert.Equal($"frame {seen}", reader.GetDescription(seen));
                }
            }
        }

        using var done = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = ReadBackend.RandomAccess });
        Assert.Equal(frames.Length, done.FrameCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1 << 16)]
    public void Appending_a_frame_allocates_nothing(int bufferBytes)
    {
        // Several strips, a padded description, the ScanImage block's Software/Artist entries: every out-of-line value.
        using var file = new TempFile();
        var options = TiffWriterOptions.ScanImage("SI.a = 1"u8.ToArray(), "{}"u8.ToArray()) with { RowsPerStrip = 5, DescriptionLength = 100 };
        var pixels = new short[40 * 30];
        const string description = "frameNumbers = 1\nframeTimestamps_sec = 0.25\n";
        using var writer = TiffStackWriter.Create(file.Path, options, bufferBytes);
        writer.AppendFrame<short>(pixels, 40, 30, description); // buffers grow to size once
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var f = 0; f < 200; f++)
        {
            writer.AppendFrame<short>(pixels, 40, 30, description);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static TiffWriterOptions Options(string layout) => layout switch
    {
        "bigtiff" => new TiffWriterOptions(),
        "classic-big-endian" => new TiffWriterOptions { BigTiff = false, ByteOrder = TiffByteOrder.BigEndian, RowsPerStrip = 3 },
        "scanimage" => TiffWriterOptions.ScanImage("SI.hRoiManager.scanFramePeriod = 0.033"u8.ToArray(), "{\"RoiGroups\": {}}"u8.ToArray()),
        "deflate" => new TiffWriterOptions { Compression = TiffCompressionMethod.Deflate, RowsPerStrip = 4 },
        "zstd-big-endian" => new TiffWriterOptions { BigTiff = false, ByteOrder = TiffByteOrder.BigEndian, Compression = TiffCompressionMethod.Zstd, Predictor = true, RowsPerStrip = 5 },
        _ => throw new ArgumentOutOfRangeException(nameof(layout)),
    };

    private static void Write(TiffStackWriter writer)
    {
        using (writer)
        {
            var frames = Frames();
            for (var f = 0; f < frames.Length; f++)
            {
                writer.AppendFrame<short>(frames[f].Pixels, frames[f].Width, frames[f].Height, f % 3 == 2 ? null : $"frame {f} " + new string('x', f * 37));
            }
        }
    }

    /// <summary>Frames from 2 x 3 to 200 x 170 int16 (68 000 bytes) and back, noise with a seed per frame.</summary>
    private static (short[] Pixels, int Width, int Height)[] Frames()
    {
        (int W, int H)[] shapes = [(2, 3), (40, 30), (200, 170), (7, 5), (64, 64), (200, 170), (3, 1), (120, 90), (33, 17), (200, 170), (1, 1), (50, 40)];
        return shapes.Select((s, f) =>
        {
            var random = new Random(f + 11);
            var pixels = new short[s.W * s.H];
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (short)random.Next(short.MinValue, short.MaxValue);
            }

            return (pixels, s.W, s.H);
        }).ToArray();
    }
}
