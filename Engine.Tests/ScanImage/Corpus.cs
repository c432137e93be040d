using System.Buffers.Binary;
using System.Text.Json;

namespace ScanImageTiff.Tests.ScanImage;

/// <summary>
/// Reads what the metadata tests need from the real corpus with a small IFD walker of its own, so the
/// parsers are checked without going through the engine.
/// </summary>
internal static class Corpus
{
    private static readonly Lazy<JsonDocument> s_expected = new(() => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder!, "expected.json"))));

    /// <summary>The corpus folder (found by <see cref="Support.Corpus"/>), or null when it is not there.</summary>
    public static string? Folder => Support.Corpus.Directory;

    public static JsonElement Expected => s_expected.Value.RootElement;

    public static JsonElement Entry(string key) => Expected.GetProperty("files").GetProperty(key);

    public static string PathOf(string key) => Path.Combine(Folder!, key.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>File keys of one era (<c>"2016+"</c> or <c>"3.x"</c>), or all when null; a placeholder row when the corpus is missing (the tests are skipped then).</summary>
    public static TheoryData<string> Files(string? era)
    {
        var data = new TheoryData<string>();
        if (Folder is null)
        {
            data.Add("(corpus missing)");
            return data;
        }

        foreach (var file in Expected.GetProperty("files").EnumerateObject())
        {
            if (era is null || file.Value.GetProperty("scanimage").GetProperty("era").GetString() == era)
            {
                data.Add(file.Name);
            }
        }

        return data;
    }

    public static TheoryData<string> Groups()
    {
        var data = new TheoryData<string>();
        if (Folder is null)
        {
            data.Add("(corpus missing)");
            return data;
        }

        foreach (var group in Expected.GetProperty("groups").EnumerateObject())
        {
            data.Add(group.Name);
        }

        return data;
    }

    /// <summary>Section 0 and 1 of the 2016+ header block, each with its trailing NUL, read straight from the file bytes.</summary>
    public static (byte[] Section0, byte[] Section1) ReadSections(string key)
    {
        var bytes = File.ReadAllBytes(PathOf(key));
        Assert.Equal(0x07030301u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16)));
        var n0 = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(24)));
        var n1 = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(28)));
        return (bytes.AsSpan(32, n0).ToArray(), bytes.AsSpan(32 + n0, n1).ToArray());
    }

    /// <summary>
    /// Every IFD's raw ImageDescription bytes (tag 270, full count incl. padding and NUL) in IFD-chain order.
    /// A deliberately small test-side walker (little-endian classic and BigTIFF only), independent of the engine.
    /// </summary>
    public static List<byte[]> ReadDescriptions(string key)
    {
        var file = File.ReadAllBytes(PathOf(key));
        Assert.Equal((byte)'I', file[0]);
        var big = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(2)) == 43;
        var offset = big ? (long)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(8)) : BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(4));
        var result = new List<byte[]>();
        while (offset != 0)
        {
            Assert.True(result.Count < 100_000, "IFD chain does not end");
            var at = checked((int)offset);
            var entries = big ? (int)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(at)) : BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(at));
            var first = at + (big ? 8 : 2);
            var entrySize = big ? 20 : 12;
            byte[] description = [];
            for (var i = 0; i < entries; i++)
            {
                var e = file.AsSpan(first + (i * entrySize));
                if (BinaryPrimitives.ReadUInt16LittleEndian(e) != 270)
                {
                    continue;
                }

                var count = big ? (long)BinaryPrimitives.ReadUInt64LittleEndian(e[4..]) : BinaryPrimitives.ReadUInt32LittleEndian(e[4..]);
                var inline = count <= (big ? 8 : 4);
                var valueAt = inline
                    ? first + (i * entrySize) + (big ? 12 : 8)
                    : checked((int)(big ? (long)BinaryPrimitives.ReadUInt64LittleEndian(e[12..]) : BinaryPrimitives.ReadUInt32LittleEndian(e[8..])));
                description = file.AsSpan(valueAt, checked((int)count)).ToArray();
            }

            result.Add(description);
            var next = first + (entries * entrySize);
            offset = big ? (long)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(next)) : BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(next));
        }

        return result;
    }
}
