using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace ScanImageTiff.Tests.Cli;

/// <summary>
/// `data --checksum` is the plain XXH3-64 / SHA-256 of the pixel bytes in frame order: the same as xxhsum -H3
/// and sha256sum of a raw export, whatever path the command reads them through.
/// </summary>
public sealed class ChecksumTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Sample_checksums_are_those_of_tifffile_raw_export()
    {
        // tifffile.imread(sample).tofile(raw); xxhsum -H3 raw; sha256sum raw (all 60 IFDs; libtiff's strip loop agrees).
        Assert.Equal("xxh3:4ac696afabe4d7e4\n", Sitiff.Run("data", SampleFile.Path, "--checksum", "xxh3").Ok().Out);
        Assert.Equal(
            "sha256:4ba1a700cec7018ee503e2b5de5999047d55faa7028e6bfd47b948cd30c5171d\n",
            Sitiff.Run("data", SampleFile.Path, "--checksum", "sha256").Ok().Out);
    }

    [Fact]
    public void Checksums_over_many_copy_chunks_hash_the_written_pixels_in_order()
    {
        // 48 frames of 256 x 256 int16 = 6 MiB: several of the 2 MiB chunks a checksum reads through.
        const int frames = 48, w = 256, h = 256;
        var path = _dir.File("stack.tif");
        var all = new byte[frames * w * h * 2];
        using (var writer = TiffStackWriter.Create(path))
        {
            for (var f = 0; f < frames; f++)
            {
                var pixels = new short[w * h];
                for (var i = 0; i < pixels.Length; i++)
                {
                    pixels[i] = (short)((f * 7919) ^ (i * 31) ^ (i >> 9));
                }

                writer.AppendFrame<short>(pixels, w, h, $"frame {f}");
                MemoryMarshal.AsBytes(pixels.AsSpan()).CopyTo(all.AsSpan(f * w * h * 2));
            }
        }

        Assert.Equal($"xxh3:{Convert.ToHexStringLower(XxHash3.Hash(all))}\n", Sitiff.Run("data", path, "--checksum", "xxh3").Ok().Out);
        Assert.Equal($"sha256:{Convert.ToHexStringLower(SHA256.HashData(all))}\n", Sitiff.Run("data", path, "--checksum", "sha256").Ok().Out);

        var raw = _dir.File("stack.raw");
        Sitiff.Run("data", path, "--out", raw, "--format", "raw").Ok();
        Assert.Equal(all, File.ReadAllBytes(raw));
    }
}
