using System.Runtime.InteropServices;
using System.Text;
using ScanImageTiff.Acquisition;
using ScanImageTiff.ScanImage;
using ScanImageTiff.Tests.Cli;
using ScanImageTiff.Tests.Support;

namespace ScanImageTiff.Tests.Acquisition;

/// <summary>
/// Frames streamed with pread whose description lies just before their pixels (as ScanImage writes them) come with the
/// description from the same read, in the same pooled buffer. Hand-built files put each description before the pixels
/// (close, or 40 KiB apart), after them, inside the IFD, or nowhere; the expected pixels and texts are the ones written,
/// and whether the description shares the pixels' buffer says which path was taken.
/// </summary>
public sealed class StreamDescriptionTests : IDisposable
{
    private const int Frames = 5;
    private readonly TempDirectory _dir = new();

    public enum Placement
    {
        JustBefore,
        FarBefore,
        After,
        InIfd,
        None,
    }

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(Placement.JustBefore, false, false, true)]
    [InlineData(Placement.JustBefore, true, false, true)]
    [InlineData(Placement.JustBefore, false, true, false)] // big-endian samples are swapped: read on their own
    [InlineData(Placement.FarBefore, true, false, false)]
    [InlineData(Placement.After, false, false, false)]
    [InlineData(Placement.InIfd, true, false, false)]
    [InlineData(Placement.None, false, false, false)]
    public async Task Untyped_pread_streams_carry_each_frames_own_description(Placement placement, bool bigTiff, bool bigEndian, bool shared)
    {
        var path = Build(placement, bigTiff, bigEndian);
        using var acquisition = ScanImageAcquisition.Open(path, options: new ReaderOptions { Backend = ReadBackend.RandomAccess });
        var k = 0;
        await foreach (var frame in acquisition.Select().StreamFrameBytes())
        {
            Assert.True(frame.IsCopy);
            Assert.Equal(Samples(k), MemoryMarshal.Cast<byte, short>(frame.Pixels.Span).ToArray());
            var expected = placement == Placement.None ? string.Empty : Text(k);
            Assert.Equal(expected, frame.GetDescription());
            Assert.Equal(expected, Encoding.UTF8.GetString(frame.GetDescriptionBytes().Span).TrimEnd('\0'));
            Assert.Equal(shared, SameArray(frame.GetDescriptionBytes(), frame.Pixels));

            // The pixels stay 8-byte aligned in the pooled buffer, however long the description before them.
            Assert.True(MemoryMarshal.TryGetArray(frame.Pixels, out var segment) && segment.Offset % 8 == 0);
            k++;
        }

        Assert.Equal(Frames, k);
    }

    [Fact]
    public async Task Typed_and_mapped_streams_read_the_description_on_its_own()
    {
        var path = Build(Placement.JustBefore, bigTiff: false, bigEndian: false);
        using (var pread = ScanImageAcquisition.Open(path, options: new ReaderOptions { Backend = ReadBackend.RandomAccess }))
        {
            var k = 0;
            await foreach (var frame in pread.StreamFrames<short>())
            {
                Assert.Equal(Samples(k), frame.Pixels.ToArray());
                Assert.Equal(Text(k), frame.GetDescription());
                k++;
            }

            Assert.Equal(Frames, k);
        }

        using var mapped = ScanImageAcquisition.Open(path);
        var m = 0;
        await foreach (var frame in mapped.Select().StreamFrameBytes())
        {
            Assert.False(frame.IsCopy);
            Assert.Equal(Text(m), frame.GetDescription());
            Assert.False(SameArray(frame.GetDescriptionBytes(), frame.Pixels));
            m++;
        }

        Assert.Equal(Frames, m);
    }

    [Fact]
    public async Task A_description_held_past_its_frame_is_not_promised_but_the_next_frame_has_its_own()
    {
        // The lent buffer goes back to the pool when the loop moves on; each frame still reads its own text.
        var path = Build(Placement.JustBefore, bigTiff: true, bigEndian: false);
        using var acquisition = ScanImageAcquisition.Open(path, options: new ReaderOptions { Backend = ReadBackend.RandomAccess });
        var texts = new List<string>();
        await foreach (var frame in acquisition.Select().StreamFrameBytes())
        {
            texts.Add(Encoding.UTF8.GetString(frame.GetDescriptionBytes().Span).TrimEnd('\0'));
        }

        Assert.Equal(Enumerable.Range(0, Frames).Select(Text), texts);
    }

    // Odd lengths, so the pixels do not start 8 bytes after the description and the read must reach back further.
    private static string Text(int k) => $"frameNumbers = {k + 1}\nframeTimestamps_sec = {k * 0.25:F3}\n" + new string('x', 3 + (2 * k));

    private static short[] Samples(int k) => [.. Enumerable.Range(0, 8).Select(i => (short)((k * 1000) - (i * 77)))];

    private static bool SameArray(ReadOnlyMemory<byte> a, ReadOnlyMemory<byte> b) =>
        MemoryMarshal.TryGetArray(a, out var x) && MemoryMarshal.TryGetArray(b, out var y) && x.Array is not null && ReferenceEquals(x.Array, y.Array);

    private string Build(Placement placement, bool bigTiff, bool bigEndian)
    {
        var b = new TiffBuilder(bigTiff, bigEndian);
        for (var k = 0; k < Frames; k++)
        {
            var text = Encoding.UTF8.GetBytes(Text(k) + "\0");
            long descAt = -1;
            if (placement is Placement.JustBefore or Placement.FarBefore)
            {
                descAt = b.Append(text);
                if (placement == Placement.FarBefore)
                {
                    b.Append(new byte[40 << 10]);
                }
            }

            var pixels = b.AppendSamples<short>(Samples(k));
            if (placement == Placement.After)
            {
                descAt = b.Append(text);
            }

            var ifd = b.FrameIfd(4, 2, 16, [pixels], [16], sampleFormat: 2);
            if (descAt >= 0)
            {
                ifd.Field(TiffBuilder.Tag.ImageDescription, TiffBuilder.FieldType.Ascii, (ulong)text.Length, (ulong)descAt);
            }
            else if (placement == Placement.InIfd)
            {
                ifd.Ascii(TiffBuilder.Tag.ImageDescription, Text(k));
            }

            b.WriteIfd(ifd);
        }

        var path = _dir.File($"{placement}-{bigTiff}-{bigEndian}.tif");
        File.WriteAllBytes(path, b.ToArray());
        return path;
    }
}
