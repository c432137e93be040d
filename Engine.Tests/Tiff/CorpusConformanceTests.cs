using System.Text.Json.Nodes;
using ScanImageTiff.Tests.Support;

namespace ScanImageTiff.Tests.Tiff;

/// <summary>Every real file against values from an independent reader (expected.json), with both backends.</summary>
public sealed class CorpusConformanceTests
{
    public static TheoryData<string> Files => Corpus.FileNames();

    [CorpusTheory]
    [MemberData(nameof(Files))]
    public void Structure_matches(string name)
    {
        var e = Corpus.Files[name]!.AsObject();
        foreach (var backend in new[] { ReadBackend.Mapped, ReadBackend.RandomAccess })
        {
            using var r = ScanImageTiffReader.Open(Corpus.Path(name), new ReaderOptions { Backend = backend });
            Assert.Equal((int)e["ifd_count"]!, r.FrameCount);
            Assert.Null(r.Damage);
            Assert.Equal((bool)e["bigtiff"]!, r.IsBigTiff);
            Assert.Equal((string)e["byte_order"]!, r.ByteOrder == TiffByteOrder.LittleEndian ? "little" : "big");
            Assert.Equal((bool)e["all_ifds_same_layout"]!, r.IsUniform);
            var f0 = r.GetFrameInfo(0);
            Assert.Equal((int)e["width"]!, f0.Width);
            Assert.Equal((int)e["height"]!, f0.Height);
            Assert.Equal((string)e["dtype"]!, f0.PixelType!.Value.NumpyName());
            Assert.Equal((long)e["first_ifd_offset"]!, f0.IfdOffset);
            Assert.Equal((long)e["last_ifd_offset"]!, r.GetFrameInfo(r.FrameCount - 1).IfdOffset);
            Assert.Equal((long)e["ifd0_strip_offsets"]![0]!, f0.DataOffset);
            Assert.Equal((int)e["descriptions"]!["ifd0_tag_byte_count"]!, r.GetDescriptionByteCount(0));
        }
    }

    [CorpusTheory]
    [MemberData(nameof(Files))]
    public void Pixels_match(string name)
    {
        var e = Corpus.Files[name]!.AsObject();
        foreach (var backend in new[] { ReadBackend.Mapped, ReadBackend.RandomAccess })
        {
            using var r = ScanImageTiffReader.Open(Corpus.Path(name), new ReaderOptions { Backend = backend });
            var bytes = new byte[r.GetByteCount(0, r.FrameCount)];
            r.ReadFramesLittleEndian(0, r.FrameCount, bytes);
            Assert.Equal((string)e["pixel_sha256"]!, Hash.Sha256(bytes));

            foreach (var entry in e["frame_sha256"]!.AsArray())
            {
                var ifd = (int)entry!["ifd"]!;
                var frame = new byte[r.GetByteCount(ifd, ifd + 1)];
                r.ReadFramesLittleEndian(ifd, ifd + 1, frame);
                Assert.Equal((string)entry["sha256"]!, Hash.Sha256(frame));
            }

            var stats = e["ifd0_pixel_stats"]!;
            var first8 = stats["row0_first8"]!.AsArray().Select(v => (long)v!).ToArray();
            long[] actual = r.GetFrameInfo(0).PixelType switch
            {
                PixelType.Int16 => r.GetFrameMemory<short>(0).Span[..8].ToArray().Select(v => (long)v).ToArray(),
                PixelType.UInt16 => r.GetFrameMemory<ushort>(0).Span[..8].ToArray().Select(v => (long)v).ToArray(),
                _ => throw new InvalidOperationException(),
            };
            Assert.Equal(first8, actual);
        }
    }

    [CorpusTheory]
    [MemberData(nameof(Files))]
    public void Zero_copy_frames_equal_copied_frames(string name)
    {
        using var r = ScanImageTiffReader.Open(Corpus.Path(name));
        var type = r.GetFrameInfo(0).PixelType;
        for (var i = 0; i < r.FrameCount; i++)
        {
            if (type == PixelType.Int16)
            {
                Assert.True(r.TryGetFrameMemory<short>(i, out var zero));
                var copy = new short[zero.Length];
                r.ReadFrame<short>(i, copy);
                Assert.True(zero.Span.SequenceEqual(copy));
            }
            else
            {
                var zeroCopy = r.TryGetFrameMemory<ushort>(i, out var zero);
                Assert.Equal(r.GetFrameInfo(i).IsContiguous, zeroCopy);
                using var pooled = r.ReadFramePooled<ushort>(i);
                Assert.True(r.GetFrameMemory<ushort>(i).Span.SequenceEqual(pooled.Span));
            }
        }
    }

    [CorpusTheory]
    [MemberData(nameof(Files))]
    public void Descriptions_match(string name)
    {
        var e = Corpus.Files[name]!.AsObject();
        using var r = ScanImageTiffReader.Open(Corpus.Path(name));
        foreach (var entry in e["descriptions"]!["text"]!.AsArray())
        {
            var ifd = (int)entry!["ifd"]!;
            Assert.Equal((string)entry["text"]!, r.GetDescription(ifd));
        }

        var raw = r.GetDescriptionBytes(0);
        Assert.Equal((bool)e["descriptions"]!["ifd0_ends_with_nul"]!, raw[^1] == 0);
    }

    [CorpusFact]
    public void Multi_file_groups_hash_over_all_files()
    {
        foreach (var (_, node) in Corpus.Groups)
        {
            var g = node!.AsObject();
            using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            var total = 0;
            var perFile = g["ifds_per_file"]!.AsArray();
            var k = 0;
            foreach (var file in g["files"]!.AsArray())
            {
                using var r = ScanImageTiffReader.Open(Corpus.Path((string)file!));
                Assert.Equal((int)perFile[k++]!, r.FrameCount);
                total += r.FrameCount;
                sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(r.ReadFrames<short>(0, r.FrameCount).AsSpan()));
            }

            Assert.Equal((int)g["total_ifds"]!, total);
            Assert.Equal((string)g["pixel_sha256"]!, Convert.ToHexStringLower(sha.GetHashAndReset()));
        }
    }
}
