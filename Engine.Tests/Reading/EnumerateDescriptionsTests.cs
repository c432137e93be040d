using System.Text;
using ScanImageTiff.Tests.Support;
using ScanImageTiff.Tests.Tiff;
using static ScanImageTiff.Tests.Support.TiffBuilder;

namespace ScanImageTiff.Tests.Reading;

/// <summary>
/// <see cref="ScanImageTiffReader.EnumerateDescriptions"/> gives every frame's text as written (trailing spaces and
/// NULs dropped), and <see cref="ScanImageTiffReader.CopyDescriptionBytes"/> the stored bytes back to back, on both backends, however the descriptions lie: a small frame apart (read together with pread), a
/// large frame apart, larger than one read, missing, or stored in the reverse order of their frames.
/// </summary>
public sealed class EnumerateDescriptionsTests
{
    public static TheoryData<string, ReadBackend> Layouts()
    {
        var data = new TheoryData<string, ReadBackend>();
        foreach (var layout in new[] { "close", "apart", "reversed" })
        {
            data.Add(layout, ReadBackend.Mapped);
            data.Add(layout, ReadBackend.RandomAccess);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Every_frame_s_text_comes_back(string layout, ReadBackend backend)
    {
        var (bytes, texts) = Build(layout);
        using var file = new TempFile(bytes);
        using var reader = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend, ShareMappings = false });
        Assert.Equal(texts, reader.EnumerateDescriptions(0, texts.Length).ToArray());
        Assert.Equal(texts[40..47], reader.EnumerateDescriptions(40, 47).ToArray());
        Assert.Empty(reader.EnumerateDescriptions(9, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.EnumerateDescriptions(-1, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.EnumerateDescriptions(0, texts.Length + 1));
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Stored_bytes_are_copied_back_to_back_as_far_as_they_fit(string layout, ReadBackend backend)
    {
        var (bytes, texts) = Build(layout);
        using var file = new TempFile(bytes);
        using var reader = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend, ShareMappings = false });
        var n = texts.Length;

        // The oracle: each frame's bytes read on its own.
        byte[][] each = [.. Enumerable.Range(0, n).Select(reader.GetDescriptionBytes)];
        var all = each.SelectMany(d => d).ToArray();
        Assert.Equal(all.Length, reader.GetDescriptionByteCount(0, n));
        Assert.Equal(each[40..47].Sum(d => d.Length), reader.GetDescriptionByteCount(40, 47));

        var copy = new byte[all.Length + 10];
        Assert.Equal(n, reader.CopyDescriptionBytes(0, n, copy, out var written));
        Assert.Equal(all.Length, written);
        Assert.Equal(all, copy[..written]);

        // Room for frames 0..49 and half of frame 50's 300 KB: 50 frames, then the rest from there.
        var room = each[..50].Sum(d => d.Length) + 150_000;
        var part = new byte[room];
        Assert.Equal(50, reader.CopyDescriptionBytes(0, n, part, out written));
        Assert.Equal(each[..50].Sum(d => d.Length), written);
        Assert.Equal(all[..written], part[..written]);
        var rest = new byte[all.Length - written];
        Assert.Equal(n - 50, reader.CopyDescriptionBytes(50, n, rest, out var more));
        Assert.Equal(rest.Length, more);
        Assert.Equal(all[written..], rest);

        // Frame 7 has no description: it counts, with no bytes, even with no room.
        Assert.Equal(1, reader.CopyDescriptionBytes(7, 8, [], out written));
        Assert.Equal(0, written);
        Assert.Equal(0, reader.CopyDescriptionBytes(8, 9, new byte[each[8].Length - 1], out written));
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.CopyDescriptionBytes(0, n + 1, copy, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.GetDescriptionByteCount(-1, 2));
    }

    /// <summary>
    /// 120 int16 frames: "close" 16 x 16 with the description after the pixels, "apart" 160 x 160 (51 KB, more than a
    /// read skips), "reversed" with every description stored before all frames, the last frame's first. Frame 7 has no
    /// description, frame 50 one of 300 KB (more than one read), the others 1 to 2 000 bytes of text, some with trailing
    /// spaces and NULs.
    /// </summary>
    private static (byte[] File, string[] Texts) Build(string layout)
    {
        const int frames = 120;
        var side = layout == "apart" ? 160 : 16;
        var b = new TiffBuilder();
        var texts = new string[frames];
        var stored = new byte[frames][];
        for (var f = 0; f < frames; f++)
        {
            texts[f] = f == 7 ? string.Empty : f == 50 ? new string('z', 300_000) : $"frameNumbers = {f}\n" + new string((char)('a' + (f % 26)), (f * 37) % 2000);
            var padding = f % 3 == 0 ? "   \0\0" : "\0";
            stored[f] = f == 7 ? [] : Encoding.UTF8.GetBytes(texts[f] + padding);
        }

        var at = new long[frames];
        if (layout == "reversed")
        {
            for (var f = frames - 1; f >= 0; f--)
            {
                at[f] = stored[f].Length == 0 ? 0 : b.Append(stored[f]);
            }
        }

        var pixels = new short[side * side];
        for (var f = 0; f < frames; f++)
        {
            var data = b.AppendSamples<short>(pixels);
            var ifd = b.FrameIfd(side, side, 16, [data], [side * side * 2], rowsPerStrip: side);
            if (stored[f].Length > 0)
            {
                if (layout == "reversed")
                {
                    ifd.Field(270, FieldType.Ascii, (ulong)stored[f].Length, (ulong)at[f]);
                }
                else
                {
                    ifd.Raw(270, FieldType.Ascii, (ulong)stored[f].Length, stored[f]);
                }
            }

            b.WriteIfd(ifd);
        }

        return (b.ToArray(), texts);
    }
}
