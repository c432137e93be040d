using System.IO.Hashing;
using ScanImageTiff.Acquisition;
using ScanImageTiff.ScanImage;
using ScanImageTiff.Tests.Support;
using ScanImageTiff.Tests.Tiff;
using static ScanImageTiff.Tests.Support.TiffBuilder;

namespace ScanImageTiff.Tests.Acquisition;

/// <summary>
/// <see cref="SelectedFrames.ComputeXxHash3(IProgress{long}, CancellationToken)"/> is System.IO.Hashing's one-shot
/// XXH3-64 of the samples the file was built from, whatever the backend, the workers and the chunking: frames whose
/// size is not a multiple of XXH3's 1 KiB blocks (so blocks straddle frames, pieces and chunks), views and copies,
/// Deflate frames, and a corrupt strip, which is the reader's <see cref="TiffFormatException"/> at its offset.
/// </summary>
public sealed class SelectionHashTests
{
    public static TheoryData<ReadBackend, int, int, int> Plans() => new()
    {
        // backend, workers, chunk bytes, piece bytes
        { ReadBackend.Mapped, 2, 4 << 20, 512 << 10 },
        { ReadBackend.Mapped, 4, 10_000, 3_000 },
        { ReadBackend.RandomAccess, 2, 4 << 20, 512 << 10 },
        { ReadBackend.RandomAccess, 2, 10_000, 3_000 },
        { ReadBackend.RandomAccess, 3, 65_536, 5_000 },
        { ReadBackend.RandomAccess, 1, 65_536, 5_000 },
    };

    [Theory]
    [MemberData(nameof(Plans))]
    public void Plain_frames_of_odd_size_hash_as_their_samples(ReadBackend backend, int workers, int chunk, int piece)
    {
        // 37 x 29 int16 = 2 146 bytes a frame, a gap of 13..19 bytes after each.
        var (bytes, samples) = Plain(600, 37, 29);
        using var file = new TempFile(bytes);
        using var acquisition = Open(file, backend);
        var frames = acquisition.Select();
        long reported = 0;
        var hash = frames.ComputeXxHash3(new SyncProgress(v => reported = v), new SelectedFrames.HashPlan(workers, 0, chunk, piece, SerialWhenCold: false), CancellationToken.None);
        Assert.Equal(XxHash3.HashToUInt64(samples), hash);
        Assert.Equal(samples.Length, reported);
        Assert.Equal(XxHash3.HashToUInt64(samples), frames.ComputeXxHash3());
    }

    [Theory]
    [InlineData(ReadBackend.Mapped, 2)]
    [InlineData(ReadBackend.RandomAccess, 2)]
    [InlineData(ReadBackend.RandomAccess, 1)]
    public void Big_endian_frames_hash_as_their_host_order_samples(ReadBackend backend, int workers)
    {
        // Small frames lying close together are read a MiB at a time with pread and swapped where they lie.
        var (bytes, samples) = Plain(500, 37, 29, bigEndian: true);
        using var file = new TempFile(bytes);
        using var acquisition = Open(file, backend);
        var hash = acquisition.Select().ComputeXxHash3(null, new SelectedFrames.HashPlan(workers, 0, 70_000, 20_000, SerialWhenCold: false), CancellationToken.None);
        Assert.Equal(XxHash3.HashToUInt64(samples), hash);
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public void Deflate_frames_hash_as_their_samples(ReadBackend backend, int workers, int chunk, int piece)
    {
        var (bytes, samples, _) = Deflate(corrupt: false);
        using var file = new TempFile(bytes);
        using var acquisition = Open(file, backend);
        var hash = acquisition.Select().ComputeXxHash3(null, new SelectedFrames.HashPlan(workers, 0, chunk, piece, SerialWhenCold: false), CancellationToken.None);
        Assert.Equal(XxHash3.HashToUInt64(samples), hash);
    }

    [Theory]
    [InlineData(ReadBackend.Mapped, 2)]
    [InlineData(ReadBackend.RandomAccess, 2)]
    [InlineData(ReadBackend.RandomAccess, 1)]
    public void A_corrupt_strip_is_a_format_error_at_its_offset(ReadBackend backend, int workers)
    {
        var (bytes, _, badOffset) = Deflate(corrupt: true);
        using var file = new TempFile(bytes);
        using var acquisition = Open(file, backend);
        var e = Assert.Throws<TiffFormatException>(() =>
            acquisition.Select().ComputeXxHash3(null, new SelectedFrames.HashPlan(workers, 0, 100_000, 40_000, SerialWhenCold: false), CancellationToken.None));
        Assert.Equal(badOffset, e.FileOffset);
    }

    [Fact]
    public void A_selection_of_some_frames_and_a_tiny_one_hash_as_their_bytes()
    {
        var (bytes, samples) = Plain(300, 64, 48);
        using var file = new TempFile(bytes);
        using var acquisition = Open(file, ReadBackend.RandomAccess);
        const int frameBytes = 64 * 48 * 2;

        // IFDs 17..249, then 5 twice and 100: runs, order and repeats as the selection gives them.
        int[] ifds = [.. Enumerable.Range(17, 233), 5, 5, 100];
        var expected = new List<byte>();
        foreach (var ifd in ifds)
        {
            expected.AddRange(samples.AsSpan(ifd * frameBytes, frameBytes).ToArray());
        }

        var some = acquisition.SelectIfds(ifds);
        Assert.Equal(
            XxHash3.HashToUInt64([.. expected]),
            some.ComputeXxHash3(null, new SelectedFrames.HashPlan(2, 0, 20_000, 7_000, SerialWhenCold: false), CancellationToken.None));

        // 240 bytes and fewer take XXH3's short-input paths.
        var (tinyFile, tinySamples) = Plain(3, 5, 4);
        using var tiny = new TempFile(tinyFile);
        using var small = Open(tiny, ReadBackend.Mapped);
        Assert.Equal(120, tinySamples.Length);
        Assert.Equal(XxHash3.HashToUInt64(tinySamples), small.Select().ComputeXxHash3());
    }

    [Theory]
    [InlineData(ReadBackend.Mapped)]
    [InlineData(ReadBackend.RandomAccess)]
    public void Frames_of_several_files_hash_as_their_bytes_in_selection_order(ReadBackend backend)
    {
        // Three files of 37 x 29 int16 frames (2 146 bytes: blocks straddle frames and files), read as one acquisition.
        const int frameBytes = 37 * 29 * 2;
        var parts = new[] { Plain(50, 37, 29), Plain(71, 37, 29), Plain(33, 37, 29) };
        var files = parts.Select(p => new TempFile(p.File)).ToArray();
        try
        {
            using var acquisition = ScanImageAcquisition.Open(
                files.Select(f => f.Path), new ReaderOptions { Backend = backend, ShareMappings = false });
            var all = parts.SelectMany(p => p.Samples).ToArray();
            var plan = new SelectedFrames.HashPlan(2, 0, 9_000, 4_000, SerialWhenCold: false);
            Assert.Equal(XxHash3.HashToUInt64(all), acquisition.Select().ComputeXxHash3(null, plan, CancellationToken.None));

            // Global IFDs out of file order: the last file's first frames, then the first file's last, then the middle one's.
            int[] ifds = [.. Enumerable.Range(121, 20), .. Enumerable.Range(30, 20), .. Enumerable.Range(50, 71)];
            var expected = ifds.SelectMany(i => all.AsSpan(i * frameBytes, frameBytes).ToArray()).ToArray();
            Assert.Equal(XxHash3.HashToUInt64(expected), acquisition.SelectIfds(ifds).ComputeXxHash3(null, plan, CancellationToken.None));
        }
        finally
        {
            foreach (var f in files)
            {
                f.Dispose();
            }
        }
    }

    [Fact]
    public void A_cold_file_is_hashed_in_order_on_one_thread_and_hashes_the_same()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // Eviction and the page-cache probe are Linux's.
        }

        // 40 frames of 256 x 256 int16 (128 KiB): the open walks the IFDs, the pixels stay on disk.
        var (bytes, samples) = Plain(40, 256, 256);
        using var file = new TempFile(bytes, PageCacheEviction.DiskDirectory);
        PageCacheEviction.Evict(file.Path);
        using var acquisition = Open(file, ReadBackend.RandomAccess);
        var frames = acquisition.Select();

        // Where the file system drops pages (mincore, the oracle, says so; a tmpfs keeps them), the pixels are cold.
        var frameBytes = 256 * 256 * 2;
        var middle = acquisition.Files[0].Table.DataOffsets[20] + (frameBytes / 2);
        var cold = !PageCacheEviction.IsResident(file.Path, middle);
        Assert.Equal(!cold, frames.PixelsCached());

        // A plan that splits the work into 5 chunks of 8 frames for 2 workers, which report once a chunk. Cold, the
        // calling thread hashes frame by frame (40 reports), and reading them all leaves them cached.
        var plan = new SelectedFrames.HashPlan(2, 0, 1 << 20, 70_000);
        var reports = 0;
        var counter = new SyncProgress(_ => reports++);
        Assert.Equal(XxHash3.HashToUInt64(samples), frames.ComputeXxHash3(counter, plan, CancellationToken.None));
        Assert.Equal(cold ? 40 : 5, reports);
        Assert.True(frames.PixelsCached());

        reports = 0;
        Assert.Equal(XxHash3.HashToUInt64(samples), frames.ComputeXxHash3(counter, plan, CancellationToken.None));
        Assert.Equal(5, reports);

        // Mapped frames are views: never asked about, so always "cached".
        PageCacheEviction.Evict(file.Path);
        using var mapped = Open(file, ReadBackend.Mapped);
        Assert.True(mapped.Select().PixelsCached());
    }

    [Fact]
    public void Cancellation_stops_the_hash()
    {
        var (bytes, _) = Plain(400, 64, 64);
        using var file = new TempFile(bytes);
        using var acquisition = Open(file, ReadBackend.RandomAccess);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            acquisition.Select().ComputeXxHash3(null, new SelectedFrames.HashPlan(2, 0, 20_000, 7_000, SerialWhenCold: false), cancelled.Token));
    }

    private static ScanImageAcquisition Open(TempFile file, ReadBackend backend) =>
        ScanImageAcquisition.Open(file.Path, options: new ReaderOptions { Backend = backend, ShareMappings = false });

    /// <summary>Frames of int16 noise with a gap of 13..19 bytes after each; the samples are returned in host (little-endian) order.</summary>
    private static (byte[] File, byte[] Samples) Plain(int frames, int width, int height, bool bigEndian = false)
    {
        var frameBytes = width * height * 2;
        var b = new TiffBuilder(bigEndian: bigEndian);
        var samples = new byte[frames * frameBytes];
        new Random(frames + width).NextBytes(samples);
        for (var f = 0; f < frames; f++)
        {
            var at = b.AppendSampleBytes(samples.AsSpan(f * frameBytes, frameBytes), 2);
            b.Append(new byte[13 + (f % 7)]);
            b.WriteIfd(b.FrameIfd(width, height, 16, [at], [frameBytes], rowsPerStrip: height));
        }

        return (b.ToArray(), samples);
    }

    /// <summary>60 Deflate frames of 96 x 80 int16 in strips of 16 rows (compressed by System.IO.Compression); with <paramref name="corrupt"/>, frame 41's strip 3 is garbage.</summary>
    private static (byte[] File, byte[] Samples, long BadOffset) Deflate(bool corrupt)
    {
        const int width = 96;
        const int height = 80;
        const int rows = 16;
        const int frameBytes = width * height * 2;
        var b = new TiffBuilder();
        var samples = new byte[60 * frameBytes];
        var random = new Random(5);
        for (var i = 0; i < samples.Length; i += 2)
        {
            samples[i] = (byte)(100 + random.Next(8));
            samples[i + 1] = (byte)(i % 3);
        }

        long badOffset = -1;
        for (var f = 0; f < 60; f++)
        {
            var bad = DeflateFrames.Append(b, samples.AsSpan(f * frameBytes, frameBytes), width, height, rows, corrupt && f == 41 ? 3 : -1);
            badOffset = bad >= 0 ? bad : badOffset;
        }

        return (b.ToArray(), samples, badOffset);
    }
}
