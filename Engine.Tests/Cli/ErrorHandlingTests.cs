using ScanImageTiff.Cli.Output;

namespace ScanImageTiff.Tests.Cli;

public sealed class ErrorHandlingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("info")]
    [InlineData("map")]
    [InlineData("descriptions")]
    [InlineData("metadata")]
    [InlineData("stream")]
    public void Garbage_is_exit_2_with_one_line_naming_the_file_and_offset(string command)
    {
        var path = _dir.File("garbage.tif");
        var bytes = new byte[4096];
        new Random(42).NextBytes(bytes);
        bytes[0] = (byte)'X';
        File.WriteAllBytes(path, bytes);

        var r = Sitiff.Run(command, path);
        Assert.Equal(2, r.Code);
        var line = Assert.Single(r.ErrLines);
        Assert.Contains(path, line);
        Assert.Contains("offset", line);
        Assert.DoesNotContain("   at ", r.Err);
    }

    [Fact]
    public void A_bad_ifd_offset_names_its_offset()
    {
        // A classic little-endian header whose first IFD points past the end of an 8-byte file.
        var path = _dir.File("bad.tif");
        File.WriteAllBytes(path, [(byte)'I', (byte)'I', 42, 0, 0xFF, 0, 0, 0]);
        var r = Sitiff.Run("info", path);
        Assert.Equal(2, r.Code);
        Assert.Contains("offset", Assert.Single(r.ErrLines));
    }

    [Theory]
    [InlineData("info", false)]
    [InlineData("map", false)]
    [InlineData("descriptions", false)]
    [InlineData("metadata", false)]
    [InlineData("data", false)]
    [InlineData("info", true)]
    [InlineData("data", true)]
    public void A_file_whose_first_IFD_pointer_is_0_is_exit_2_naming_the_pointer_offset(string command, bool bigTiff)
    {
        // A header and nothing else: TIFF requires at least one IFD, so this is not an empty stack.
        var path = _dir.File("no-ifd.tif");
        File.WriteAllBytes(path, bigTiff ? [(byte)'I', (byte)'I', 43, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] : [(byte)'M', (byte)'M', 0, 42, 0, 0, 0, 0]);
        var r = command == "data" ? Sitiff.Run(command, path, "--checksum", "sha256") : Sitiff.Run(command, path);
        Assert.Equal(2, r.Code);
        var line = Assert.Single(r.ErrLines);
        Assert.Contains(path, line);
        Assert.Contains($"byte offset {(bigTiff ? 8 : 4)}", line);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(99)]
    public void A_ScanImage_block_of_an_unknown_version_is_not_supported_but_pixels_stay_readable(uint version)
    {
        var path = _dir.File("version.tif");
        File.Copy(SampleFile.Path, path);
        using (var f = File.OpenWrite(path))
        {
            f.Position = 20;
            f.Write(BitConverter.GetBytes(version));
        }

        foreach (var command in new[] { "info", "metadata", "map" })
        {
            var r = Sitiff.Run(command, path);
            Assert.Equal(2, r.Code);
            Assert.Contains($"block version {version} (u32 at byte offset 20) is not supported", Assert.Single(r.ErrLines));
        }

        // The frames themselves do not depend on the block.
        var same = Sitiff.Run("data", path, "--checksum", "sha256");
        Assert.Equal(0, same.Code);
        Assert.Equal(Sitiff.Run("data", SampleFile.Path, "--checksum", "sha256").Out, same.Out);
    }

    [Fact]
    public void Missing_file_is_exit_2()
    {
        var r = Sitiff.Run("info", _dir.File("nope.tif"));
        Assert.Equal(2, r.Code);
        Assert.Contains("nope.tif: file not found", Assert.Single(r.ErrLines));
    }

    [Theory]
    [InlineData("info", "--bogus")]
    [InlineData("frobnicate")]
    [InlineData("metadata", "--section", "2")]
    [InlineData("bench", "--repeats", "2")]
    [InlineData("image")]
    public void Bad_command_lines_are_exit_1(params string[] args)
    {
        var r = Sitiff.Run([.. args, SampleFile.Path]);
        Assert.Equal(1, r.Code);
        Assert.NotEmpty(r.Err);
        Assert.DoesNotContain("   at ", r.Err);
    }

    [Fact]
    public void No_arguments_is_exit_1()
    {
        Assert.Equal(1, Sitiff.Run().Code);
    }

    [Fact]
    public void Help_is_exit_0_and_mentions_the_drop_in_commands()
    {
        var r = Sitiff.Run("--help");
        Assert.Equal(0, r.Code);
        Assert.Contains("ScanImageTiffReader", r.Out);
        Assert.DoesNotContain("make-sample", r.Out);
    }

    [Fact]
    public void A_damaged_file_is_refused_unless_salvaged()
    {
        var path = _dir.File("cut.tif");
        long lastIfd;
        using (var w = TiffStackWriter.Create(path))
        {
            for (var i = 0; i < 4; i++)
            {
                w.AppendFrame<short>(new short[16 * 16], 16, 16, $"frame {i}");
            }
        }

        using (var r = ScanImageTiffReader.Open(path))
        {
            lastIfd = r.GetFrameInfo(3).IfdOffset;
        }

        using (var f = new FileStream(path, FileMode.Open))
        {
            f.SetLength(lastIfd + 10);
        }

        var refused = Sitiff.Run("info", "--json", path);
        Assert.Equal(2, refused.Code);
        var line = Assert.Single(refused.ErrLines);
        Assert.Contains("damaged", line);
        Assert.Contains("offset", line);
        Assert.Contains("--salvage", line);

        var salvaged = Sitiff.Run("info", "--json", "--salvage", path);
        Assert.Equal(0, salvaged.Code);
        Assert.Contains("warning", Assert.Single(salvaged.ErrLines));
        Assert.Equal(3, (int)System.Text.Json.Nodes.JsonNode.Parse(salvaged.Out)!["frames"]!);
    }

    [Fact]
    public void Atomic_write_that_fails_leaves_the_old_file_and_no_temporary()
    {
        var path = _dir.File("target.bin");
        File.WriteAllText(path, "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.WriteStream(path, s =>
        {
            s.Write(new byte[1000]);
            throw new InvalidOperationException("disk on fire");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir.Path));

        AtomicFile.WriteStream(path, s => s.Write("new"u8));
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir.Path));
    }
}
