using ScanImageTiff.Acquisition;
using ScanImageTiff.ScanImage;
using ScanImageTiff.Tests.Support;
using ScanImageTiff.Tests.Tiff;
using static ScanImageTiff.Tests.Support.TiffBuilder;

namespace ScanImageTiff.Tests.Acquisition;

/// <summary>
/// <see cref="SelectedFrames.WriteTo(Stream, IProgress{long}, CancellationToken)"/> and the acquisition streams over
/// Deflate frames of several strips, enough for many write chunks: the bytes written or streamed are the samples the
/// file was built from (compressed here by System.IO.Compression, never by the engine), whatever the backend and the
/// number of workers; a corrupt strip is the reader's <see cref="TiffFormatException"/> at that strip's offset, after
/// exactly the chunks (or frames) before it.
/// </summary>
public sealed class SelectionWriteTests
{
    private const int Frames = 40;
    private const int Side = 256;
    private const int StripRows = 64;
    private const int FrameBytes = Side * Side * 2;
    private const int BadFrame = 21;

    public static TheoryData<ReadBackend, int> Cases() => new()
    {
        { ReadBackend.Mapped, 1 }, { ReadBackend.Mapped, 2 }, { ReadBackend.Mapped, 4 },
        { ReadBackend.RandomAccess, 1 }, { ReadBackend.RandomAccess, 2 }, { ReadBackend.RandomAccess, 4 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Writes_every_decoded_frame_in_order(ReadBackend backend, int workers)
    {
        var (bytes, expected, _) = Build(corrupt: false);
        using var file = new TempFile(bytes);
        using var acquisition = OpenUnshared(file, backend);
        var frames = acquisition.Select();
        using var output = new MemoryStream();
        long reported = 0;
        frames.WriteTo(output, new SyncProgress(v => reported = v), workers, CancellationToken.None);
        Assert.True(expected.AsSpan().SequenceEqual(output.ToArray()), "written bytes differ from the source samples");
        Assert.Equal(expected.Length, reported);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_corrupt_strip_stops_the_write_at_its_offset(ReadBackend backend, int workers)
    {
        var (bytes, expected, badOffset) = Build(corrupt: true);
        using var file = new TempFile(bytes);
        using var acquisition = OpenUnshared(file, backend);
        using var output = new MemoryStream();
        var e = Assert.Throws<TiffFormatException>(() => acquisition.Select().WriteTo(output, null, workers, CancellationToken.None));
        Assert.Equal(badOffset, e.FileOffset);
        Assert.Equal(BadFrame, e.IfdIndex);

        // Whole frames before the bad one, and exactly the source's.
        var written = output.ToArray();
        Assert.Equal(0, written.Length % FrameBytes);
        Assert.InRange(written.Length / FrameBytes, 0, BadFrame);
        Assert.True(expected.AsSpan(0, written.Length).SequenceEqual(written));
    }

    [Theory]
    [InlineData(ReadBackend.Mapped)]
    [InlineData(ReadBackend.RandomAccess)]
    public async Task A_stream_of_decoded_frames_delivers_each_in_order(ReadBackend backend)
    {
        // Deflate frames are decoded by workers on every core; the stream still hands them out in order, each once.
        var (bytes, expected, _) = Build(corrupt: false);
        using var file = new TempFile(bytes);
        using var acquisition = OpenUnshared(file, backend);
        var k = 0;
        await foreach (var frame in acquisition.Select().StreamFrameBytes())
        {
            Assert.Equal(k, frame.Ordinal);
            Assert.True(expected.AsSpan(k * FrameBytes, FrameBytes).SequenceEqual(frame.Pixels.Span), $"frame {k} differs");
            k++;
        }

        Assert.Equal(Frames, k);
    }

    [Theory]
    [InlineData(ReadBackend.Mapped)]
    [InlineData(ReadBackend.RandomAccess)]
    public async Task A_stream_stops_at_a_corrupt_strip_after_every_frame_before_it(ReadBackend backend)
    {
        var (bytes, expected, badOffset) = Build(corrupt: true);
        using var file = new TempFile(bytes);
        using var acquisition = OpenUnshared(file, backend);
        var k = 0;
        var e = await Assert.ThrowsAsync<TiffFormatException>(async () =>
        {
            await foreach (var frame in acquisition.Select().StreamFrames<ushort>())
            {
                Assert.True(expected.AsSpan(k * FrameBytes, FrameBytes).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(frame.Pixels.Span)));
                k++;
            }
        });
        Assert.Equal(BadFrame, k);
        Assert.Equal(badOffset, e.FileOffset);
        Assert.Equal(BadFrame, e.IfdIndex);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Writes_small_plain_frames_in_order(ReadBackend backend, int workers)
    {
        // 2 KiB frames with a gap after each: with pread they are read ahead on every core in 512 KiB chunks (three
        // here, the last one partial), and the bytes must still be the source's, in frame order.
        const int side = 32;
        const int frames = 700;
        var b = new TiffBuilder();
        var samples = new byte[frames * side * side * 2];
        new Random(16).NextBytes(samples);
        for (var f = 0; f < frames; f++)
        {
            var at = b.Append(samples.AsSpan(f * side * side * 2, side * side * 2).ToArray());
            b.Append(new byte[100 + (f % 7)]);
            b.WriteIfd(b.FrameIfd(side, side, 16, [at], [side * side * 2], rowsPerStrip: side));
        }

        using var file = new TempFile(b.ToArray());
        using var acquisition = OpenUnshared(file, backend);
        using var output = new MemoryStream();
        long reported = 0;
        acquisition.Select().WriteTo(output, new SyncProgress(v => reported = v), workers, CancellationToken.None);
        Assert.True(samples.AsSpan().SequenceEqual(output.ToArray()), "written bytes differ from the source samples");
        Assert.Equal(samples.Length, reported);
    }

    [Theory]
    [InlineData(ReadBackend.Mapped)]
    [InlineData(ReadBackend.RandomAccess)]
    public void Writes_small_big_endian_frames_in_host_order(ReadBackend backend)
    {
        // With pread, small frames close together are read a MiB at a time and swapped before they are copied out.
        const int side = 24;
        const int frames = 300;
        var b = new TiffBuilder(bigEndian: true);
        var samples = new byte[frames * side * side * 2];
        new Random(17).NextBytes(samples);
        for (var f = 0; f < frames; f++)
        {
            var at = b.AppendSampleBytes(samples.AsSpan(f * side * side * 2, side * side * 2), 2);
            b.Append(new byte[40 + (f % 5)]);
            b.WriteIfd(b.FrameIfd(side, side, 16, [at], [side * side * 2], rowsPerStrip: side));
        }

        using var file = new TempFile(b.ToArray());
        using var acquisition = OpenUnshared(file, backend);
        using var output = new MemoryStream();
        acquisition.Select().WriteTo(output, null, 2, CancellationToken.None);
        Assert.True(samples.AsSpan().SequenceEqual(output.ToArray()), "written bytes differ from the host-order samples");
    }

    private static ScanImageAcquisition OpenUnshared(TempFile file, ReadBackend backend) =>
        ScanImageAcquisition.Open(file.Path, options: new ReaderOptions { Backend = backend, ShareMappings = false });

    /// <summary>The file, the samples of every frame back to back (little-endian), and the offset of frame <see cref="BadFrame"/>'s strip 2.</summary>
    private static (byte[] File, byte[] Samples, long BadOffset) Build(bool corrupt)
    {
        var b = new TiffBuilder();
        var samples = new byte[Frames * FrameBytes];
        long badOffset = -1;
        var state = 0x9E3779B9u;
        for (var f = 0; f < Frames; f++)
        {
            var frame = samples.AsSpan(f * FrameBytes, FrameBytes);
            for (var i = 0; i < frame.Length; i += 2)
            {
                // Shot-noise-like: a slow ramp plus a few random low bits, so Deflate has something to do.
                state = (state * 1664525) + 1013904223;
                var value = (ushort)(200 + (i / 2 % Side) + (state >> 28));
                frame[i] = (byte)value;
                frame[i + 1] = (byte)(value >> 8);
            }

            var bad = DeflateFrames.Append(b, frame, Side, Side, StripRows, corrupt && f == BadFrame ? 2 : -1);
            badOffset = bad >= 0 ? bad : badOffset;
        }

        return (b.ToArray(), samples, badOffset);
    }
}
