namespace ScanImageTiff.Tests.Tiff;

/// <summary>
/// Issue 15, row W2: the shared-mapping cache must never hand out the old file's pixels after the file at a
/// path was replaced by another of the same length, whether a new file was renamed over it or the same inode
/// was rewritten in place, and whatever the modification time says.
/// </summary>
public sealed class ReplacedFileTests : IDisposable
{
    private const int Width = 16;
    private const int Height = 8;
    private const int Frames = 3;

    private readonly string _dir = Directory.CreateTempSubdirectory("sitiff-replace-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_new_file_renamed_over_the_old_one_with_its_mtime_is_read_fresh()
    {
        var path = Path.Combine(_dir, "a.tif");
        Write(path, 1);
        var mtime = File.GetLastWriteTimeUtc(path);
        Assert.Equal(1, FirstPixelOfEachFrame(path).Distinct().Single());

        for (var round = 2; round < 12; round++)
        {
            var next = Path.Combine(_dir, $"next{round}.tif");
            Write(next, (short)round);
            File.SetLastWriteTimeUtc(next, mtime);
            File.Move(next, path, overwrite: true);

            Assert.Equal(new FileInfo(path).Length, new FileInfo(Path.Combine(_dir, "a.tif")).Length);
            Assert.Equal(Enumerable.Repeat((short)round, Frames), FirstPixelOfEachFrame(path));
        }
    }

    [Fact]
    public void The_same_inode_rewritten_in_place_with_its_mtime_is_read_fresh()
    {
        var path = Path.Combine(_dir, "b.tif");
        Write(path, 1);
        var mtime = File.GetLastWriteTimeUtc(path);
        Assert.Equal(Enumerable.Repeat((short)1, Frames), FirstPixelOfEachFrame(path));

        for (var round = 2; round < 12; round++)
        {
            var scratch = Path.Combine(_dir, "scratch.tif");
            Write(scratch, (short)round);
            var bytes = File.ReadAllBytes(scratch);
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            {
                stream.Write(bytes);
            }

            File.SetLastWriteTimeUtc(path, mtime);

            Assert.Equal(Enumerable.Repeat((short)round, Frames), FirstPixelOfEachFrame(path));
        }
    }

    [Fact]
    public void A_reader_still_open_on_the_old_file_keeps_the_old_pixels_and_a_new_one_sees_the_new()
    {
        var path = Path.Combine(_dir, "c.tif");
        Write(path, 1);
        using var old = ScanImageTiffReader.Open(path);
        var next = Path.Combine(_dir, "next.tif");
        Write(next, 2);
        File.SetLastWriteTimeUtc(next, File.GetLastWriteTimeUtc(path));
        File.Move(next, path, overwrite: true);

        Assert.Equal(2, FirstPixelOfEachFrame(path)[0]);
        Assert.Equal(1, old.GetFrameMemory<short>(0).Span[0]);
    }

    [Fact]
    public void The_identity_of_an_unchanged_file_is_stable_so_its_mapping_is_still_shared()
    {
        var path = Path.Combine(_dir, "d.tif");
        Write(path, 1);

        var first = Identity(path);
        Assert.Equal(first, Identity(path));
        Assert.Equal(new FileInfo(path).Length, first.Size);

        var next = Path.Combine(_dir, "next.tif");
        Write(next, 2);
        File.SetLastWriteTimeUtc(next, File.GetLastWriteTimeUtc(path));
        File.Move(next, path, overwrite: true);
        Assert.NotEqual(first, Identity(path));

        static ScanImageTiff.Memory.FileIdentity Identity(string path)
        {
            using var handle = File.OpenHandle(path);
            Assert.True(ScanImageTiff.Memory.FileIdentity.TryGet(handle, out var identity));
            return identity;
        }
    }

    private static short[] FirstPixelOfEachFrame(string path)
    {
        using var reader = ScanImageTiffReader.Open(path);
        Assert.Equal(ReadBackend.Mapped, reader.Backend);
        return [.. Enumerable.Range(0, reader.FrameCount).Select(f => reader.GetFrameMemory<short>(f).Span[0])];
    }

    private static void Write(string path, short value)
    {
        using var w = TiffStackWriter.Create(path, new TiffWriterOptions { BigTiff = false });
        var pixels = Enumerable.Repeat(value, Width * Height).ToArray();
        for (var f = 0; f < Frames; f++)
        {
            w.AppendFrame<short>(pixels, Width, Height);
        }
    }
}
