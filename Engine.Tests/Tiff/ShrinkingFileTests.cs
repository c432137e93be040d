using ScanImageTiff.Streaming;

namespace ScanImageTiff.Tests.Tiff;

/// <summary>
/// Issue 15, item 4: a file that shrinks under an open reader must not kill the process on the paths meant for
/// files that change. Positional reads (the follow default) report the missing bytes as a format error; the
/// mapped backend would take a SIGBUS, which .NET cannot catch, so it is not exercised here.
/// </summary>
public sealed class ShrinkingFileTests : IDisposable
{
    private const int Width = 64;
    private const int Height = 64;
    private const int Frames = 8;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"sitiff-shrink-{Guid.NewGuid():N}.tif");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Following_reads_with_positional_reads_by_default()
    {
        Assert.Equal(ReadBackend.RandomAccess, FollowOptions.Default.Backend);
        Assert.Equal(ReadBackend.RandomAccess, new FollowOptions().Backend);
    }

    [Fact]
    public void A_file_cut_in_half_under_a_positional_reader_is_a_format_error_on_every_read_path()
    {
        Write();
        using var reader = ScanImageTiffReader.Open(_path, new ReaderOptions { Backend = ReadBackend.RandomAccess });
        Assert.Equal(Frames, reader.FrameCount);
        var last = Frames - 1;

        using (var stream = new FileStream(_path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            stream.SetLength(stream.Length / 2);
        }

        Assert.Throws<TiffFormatException>(() => reader.GetFrameMemory<short>(last));
        Assert.Throws<TiffFormatException>(() => reader.ReadFrame<short>(last, new short[Width * Height]));
        Assert.Throws<TiffFormatException>(() => reader.ReadFrames<short>(0, Frames));
        Assert.Throws<TiffFormatException>(() => reader.ReadFramePooled<short>(last).Dispose());
        Assert.Throws<TiffFormatException>(() => reader.GetDescription(last));
    }

    [Fact]
    public async Task A_followed_file_that_shrinks_ends_the_follow_with_a_format_error()
    {
        Write();
        var follower = new FrameFollower(_path, new FollowOptions { PollInterval = TimeSpan.FromMilliseconds(10), IdleTimeout = TimeSpan.FromSeconds(5), NextFile = null });
        var seen = 0;
        var e = await Assert.ThrowsAsync<TiffFormatException>(async () =>
        {
            await foreach (var frame in follower.FollowAsync<short>())
            {
                Assert.True(frame.IsCopy);
                if (++seen == 2)
                {
                    using var stream = new FileStream(_path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                    stream.SetLength(stream.Length / 3);
                }
            }
        });

        Assert.True(seen >= 2, e.Message);
    }

    private void Write()
    {
        using var w = TiffStackWriter.Create(_path, new TiffWriterOptions { BigTiff = false });
        for (var f = 0; f < Frames; f++)
        {
            w.AppendFrame<short>(Enumerable.Repeat((short)f, Width * Height).ToArray(), Width, Height, $"frameNumbers = {f + 1}\n");
        }
    }
}
