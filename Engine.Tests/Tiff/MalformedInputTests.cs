using ScanImageTiff.Tests.Support;
using static ScanImageTiff.Tests.Support.TiffBuilder;

namespace ScanImageTiff.Tests.Tiff;

/// <summary>
/// One corrupted field per row, in every header form and byte order that has that field: the reader must
/// throw <see cref="TiffFormatException"/> with the offset of exactly the structure that was corrupted
/// (known from how the bytes were built) and the IFD index, with both backends, without allocating in
/// proportion to any count read from the file.
/// </summary>
public sealed class MalformedInputTests
{
    private const long AllocationBudget = 1 << 20;

    private static readonly string[] s_cases =
    [
        "truncated header",
        "bad byte-order mark",
        "bad version",
        "BigTIFF offset size 4",
        "BigTIFF reserved word not 0",
        "first IFD past EOF",
        "first IFD in the header",
        "second IFD in the header",
        "IFD loop A-B-A",
        "IFD self loop",
        "IFD loop A-B-C-B",
        "IFD with 0 entries",
        "second IFD with 0 entries",
        "absurd entry count",
        "first IFD entries cut off",
        "strip arrays differ in length",
        "too few strips for the rows",
        "strip byte count too small",
        "second IFD strip byte count too small",
        "strip offset near 2^63",
        "strip byte count 2^64-1",
        "tag data past EOF",
        "tag data straddles EOF",
        "strip array past EOF",
        "absurd tag count",
        "ScanImage block larger than the file",
        "ImageWidth 0",
        "ImageLength 0",
        "second IFD ImageWidth 0",
        "missing ImageWidth",
        "missing ImageLength",
        "missing StripOffsets",
        "missing StripByteCounts",
        "no strips",
        "BitsPerSample 0",
        "ImageWidth with no value",
        "ImageWidth of type ASCII",
    ];

    public static TheoryData<string, bool, bool> Rows()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var name in s_cases)
        {
            foreach (var (big, be) in HandBuiltFileTests.Forms)
            {
                if (!big && name.StartsWith("BigTIFF", StringComparison.Ordinal))
                {
                    continue;
                }

                if (name.StartsWith("ScanImage", StringComparison.Ordinal) && (!big || be))
                {
                    continue; // the ScanImage block exists only in little-endian BigTIFF files
                }

                data.Add(name, big, be);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Is_rejected_with_the_offset_of_the_bad_field(string name, bool bigTiff, bool bigEndian)
    {
        var (bytes, offset, ifd) = Build(name, bigTiff, bigEndian);
        using var file = new TempFile(bytes);
        foreach (var backend in HandBuiltFileTests.Backends)
        {
            var options = new ReaderOptions { Backend = backend };
            var before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<TiffFormatException>(() => ScanImageTiffReader.Open(file.Path, options).Dispose());
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.True(offset == e.FileOffset, $"{name}: expected offset {offset}, got {e.FileOffset}: {e.Message}");
            Assert.True(ifd == e.IfdIndex, $"{name}: expected IFD {ifd}, got {e.IfdIndex}: {e.Message}");
            Assert.Equal(file.Path, e.FilePath);
            Assert.Contains($"byte offset {offset}", e.Message, StringComparison.Ordinal);
            Assert.True(allocated < AllocationBudget, $"{name}: opening allocated {allocated} bytes");
        }
    }

    [Fact]
    public void Empty_file_is_rejected()
    {
        using var file = new TempFile([]);
        var e = Assert.Throws<TiffFormatException>(() => ScanImageTiffReader.Open(file.Path));
        Assert.Equal(0, e.FileOffset);
    }

    [Fact]
    public void MaxFrames_caps_the_chain()
    {
        var b = new TiffBuilder(bigTiff: true);
        var ifds = Enumerable.Range(0, 4).Select(_ => b.WriteIfd(b.FrameIfd(2, 2, 8, [b.Append(new byte[4])], [4]))).ToList();
        using var file = new TempFile(b.ToArray());
        var e = Assert.Throws<TiffFormatException>(() => ScanImageTiffReader.Open(file.Path, new ReaderOptions { MaxFrames = 3 }));
        Assert.Equal((ifds[3].Offset, 3), (e.FileOffset, e.IfdIndex));
    }

    /// <summary>A good chain of <paramref name="frames"/> 4 x 2 uint8 frames, data before each IFD.</summary>
    private static (TiffBuilder B, List<WrittenIfd> Ifds) Chain(bool big, bool be, int frames, Func<TiffBuilder, long, Ifd>? custom = null)
    {
        var b = new TiffBuilder(big, be);
        var ifds = new List<WrittenIfd>();
        for (var i = 0; i < frames; i++)
        {
            var at = b.Append(Enumerable.Range(0, 8).Select(k => (byte)(i + k)).ToArray());
            var ifd = custom is not null && i == frames - 1
                ? custom(b, at)
                : b.FrameIfd(4, 2, 8, [at], [8], 1, rowsPerStrip: 2).Ascii(Tag.ImageDescription, $"f{i}");
            ifds.Add(b.WriteIfd(ifd));
        }

        return (b, ifds);
    }

    private static Ifd Frame(TiffBuilder b, long at) => b.FrameIfd(4, 2, 8, [at], [8], 1, rowsPerStrip: 2);

    private static (byte[] Bytes, long Offset, int Ifd) Build(string name, bool big, bool be)
    {
        var (b, ifds) = Chain(big, be, 1);
        var last = ifds[^1];
        switch (name)
        {
            case "truncated header":
                return (b.ToArray()[..(big ? 12 : 5)], 0, -1);
            case "bad byte-order mark":
                b.Patch(0, 'I' | ('M' << 8), 2);
                return (b.ToArray(), 0, -1);
            case "bad version":
                b.Patch(2, 44, 2);
                return (b.ToArray(), 2, -1);
            case "BigTIFF offset size 4":
                b.Patch(4, 4, 2);
                return (b.ToArray(), 4, -1);
            case "BigTIFF reserved word not 0":
                b.Patch(6, 1, 2);
                return (b.ToArray(), 6, -1);
            case "first IFD past EOF":
                b.PatchOffset(b.FirstIfdPointerAt, (ulong)b.Length + 100);
                return (b.ToArray(), b.FirstIfdPointerAt, 0);
            case "first IFD in the header":
                b.PatchOffset(b.FirstIfdPointerAt, 2);
                return (b.ToArray(), b.FirstIfdPointerAt, 0);
            case "second IFD in the header":
                b.PatchOffset(last.NextAt, 6);
                return (b.ToArray(), last.NextAt, 1);
            case "IFD self loop":
                b.PatchOffset(last.NextAt, (ulong)last.Offset);
                return (b.ToArray(), last.Offset, 1);
            case "IFD loop A-B-A":
                (b, ifds) = Chain(big, be, 2);
                b.PatchOffset(ifds[1].NextAt, (ulong)ifds[0].Offset);
                return (b.ToArray(), ifds[0].Offset, 2);
            case "IFD loop A-B-C-B":
                (b, ifds) = Chain(big, be, 3);
                b.PatchOffset(ifds[2].NextAt, (ulong)ifds[1].Offset);
                return (b.ToArray(), ifds[1].Offset, 3);
            case "IFD with 0 entries":
                b.PatchCount(last.Offset, 0);
                return (b.ToArray(), last.Offset, 0);
            case "second IFD with 0 entries":
                (b, ifds) = Chain(big, be, 2);
                b.PatchCount(ifds[1].Offset, 0);
                return (b.ToArray(), ifds[1].Offset, 1);
            case "absurd entry count":
                b.PatchCount(last.Offset, big ? 1UL << 40 : 0xFFFF);
                return (b.ToArray(), last.Offset, 0);
            case "first IFD entries cut off":
                return (b.ToArray()[..(int)(last.Offset + b.CountSize + b.EntrySize + 3)], last.Offset, 0);
            case "strip arrays differ in length":
                (b, ifds) = Chain(big, be, 1, (b, at) => b.FrameIfd(4, 2, 8, [at, at + 4], [8], 1, rowsPerStrip: 1));
                return (b.ToArray(), ifds[0].EntryAt(Tag.StripByteCounts), 0);
            case "too few strips for the rows":
                (b, ifds) = Chain(big, be, 1, (b, at) => b.FrameIfd(4, 2, 8, [at], [8], 1, rowsPerStrip: 1));
                return (b.ToArray(), ifds[0].EntryAt(Tag.StripOffsets), 0);
            case "strip byte count too small":
                b.PatchOffset(last.ValueAt(Tag.StripByteCounts), 7);
                return (b.ToArray(), last.EntryAt(Tag.StripByteCounts), 0);
            case "second IFD strip byte count too small":
                (b, ifds) = Chain(big, be, 2);
                b.PatchOffset(ifds[1].ValueAt(Tag.StripByteCounts), 7);
                return (b.ToArray(), ifds[1].EntryAt(Tag.StripByteCounts), 1);
            case "strip offset near 2^63":
                b.PatchOffset(last.ValueAt(Tag.StripOffsets), big ? (1UL << 63) - 10 : uint.MaxValue - 10);
                b.PatchOffset(last.ValueAt(Tag.StripByteCounts), 100);
                return (b.ToArray(), last.EntryAt(Tag.StripOffsets), 0);
            case "strip byte count 2^64-1":
                b.PatchOffset(last.ValueAt(Tag.StripByteCounts), big ? ulong.MaxValue : uint.MaxValue);
                return (b.ToArray(), last.EntryAt(Tag.StripOffsets), 0);
            case "tag data past EOF":
                (b, ifds) = Chain(big, be, 1, (b, at) => Frame(b, at).Field(Tag.ImageDescription, FieldType.Ascii, 100, 1UL << 30));
                return (b.ToArray(), ifds[0].EntryAt(Tag.ImageDescription), 0);
            case "tag data straddles EOF":
                (b, ifds) = Chain(big, be, 1, (b, at) => Frame(b, at).Field(Tag.ImageDescription, FieldType.Ascii, 100, 0));
                b.PatchOffset(ifds[0].ValueAt(Tag.ImageDescription), (ulong)b.Length - 10);
                return (b.ToArray(), ifds[0].EntryAt(Tag.ImageDescription), 0);
            case "strip array past EOF":
                (b, ifds) = Chain(big, be, 1, (b, at) => Frame(b, at).Without(Tag.StripOffsets).Field(Tag.StripOffsets, FieldType.Long, 1000, 64));
                return (b.ToArray(), ifds[0].EntryAt(Tag.StripOffsets), 0);
            case "absurd tag count":
                (b, ifds) = Chain(big, be, 1, (b, at) => Frame(b, at).Without(Tag.StripOffsets)
                    .Field(Tag.StripOffsets, big ? FieldType.Long8 : FieldType.Long, big ? 1UL << 62 : uint.MaxValue, 64));
                return (b.ToArray(), ifds[0].EntryAt(Tag.StripOffsets), 0);
            case "ScanImage block larger than the file":
                b = new TiffBuilder(big, be);
                b.Append([0x01, 0x03, 0x03, 0x07, 3, 0, 0, 0, 0x40, 0x42, 0x0F, 0, 5, 0, 0, 0]); // magic, version 3, n0 = 1000000, n1 = 5
                b.WriteIfd(Frame(b, b.Append(new byte[8])));
                return (b.ToArray(), 24, -1);
            case "ImageWidth 0":
                b.PatchOffset(last.ValueAt(Tag.ImageWidth), 0);
                return (b.ToArray(), last.Offset, 0);
            case "ImageLength 0":
                b.PatchOffset(last.ValueAt(Tag.ImageLength), 0);
                return (b.ToArray(), last.Offset, 0);
            case "second IFD ImageWidth 0":
                (b, ifds) = Chain(big, be, 2);
                b.PatchOffset(ifds[1].ValueAt(Tag.ImageWidth), 0);
                return (b.ToArray(), ifds[1].Offset, 1);
            case "missing ImageWidth":
                (b, ifds) = Chain(big, be, 1, (b, at) => Frame(b, at).Without(Tag.ImageWidth));
                return (b.ToArray(), ifds[0].Offset, 0);
            case "missing ImageLength":
                (b, ifds) = Chain(big, be, 1, (b, at) => Frame(b, at).Without(Tag.ImageLength));
                return (b.ToArray(), ifds[0].Offset, 0);
            case "missing StripOffsets":
                (b, ifds) = Chain(big, be, 1, (b, at) => Frame(b, at).Without(Tag.StripOffsets));
                return (b.ToArray(), ifds[0].Offset, 0);
            case "missing StripByteCounts":
                (b, ifds) = Chain(big, be, 1, (b, at) => Frame(b, at).Without(Tag.StripByteCounts));
                return (b.ToArray(), ifds[0].Offset, 0);
            case "no strips":
                (b, ifds) = Chain(big, be, 1, (b, at) => Frame(b, at).Without(Tag.StripOffsets).Without(Tag.StripByteCounts)
                    .Field(Tag.StripOffsets, FieldType.Long, 0, 0).Field(Tag.StripByteCounts, FieldType.Long, 0, 0));
                return (b.ToArray(), ifds[0].EntryAt(Tag.StripOffsets), 0);
            case "BitsPerSample 0":
                b.Patch(last.ValueAt(Tag.BitsPerSample), 0, 2);
                return (b.ToArray(), last.Offset, 0);
            case "ImageWidth with no value":
                b.PatchCount(last.CountAt(Tag.ImageWidth), 0, tagCount: true);
                return (b.ToArray(), last.EntryAt(Tag.ImageWidth), 0);
            case "ImageWidth of type ASCII":
                b.Patch(last.TypeAt(Tag.ImageWidth), FieldType.Ascii, 2);
                return (b.ToArray(), last.EntryAt(Tag.ImageWidth), 0);
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, null);
        }
    }
}
