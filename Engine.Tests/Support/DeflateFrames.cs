using System.IO.Compression;
using static ScanImageTiff.Tests.Support.TiffBuilder;

namespace ScanImageTiff.Tests.Support;

/// <summary>Frames stored as Deflate strips (Compression 8), compressed by System.IO.Compression, never by the engine.</summary>
internal static class DeflateFrames
{
    /// <summary>
    /// Appends one little-endian int16 frame of <paramref name="width"/> x <paramref name="height"/> as strips of
    /// <paramref name="rows"/> rows, and its IFD. Strip <paramref name="corruptStrip"/> (if any) gets garbage Deflate
    /// blocks after its 2-byte zlib header; returns that strip's offset, or -1.
    /// </summary>
    public static long Append(TiffBuilder b, ReadOnlySpan<byte> frame, int width, int height, int rows, int corruptStrip = -1)
    {
        var offsets = new List<long>();
        var counts = new List<long>();
        long badOffset = -1;
        for (var s = 0; s < height / rows; s++)
        {
            var strip = Zlib(frame.Slice(s * rows * width * 2, rows * width * 2));
            if (s == corruptStrip)
            {
                strip.AsSpan(2, 12).Fill(0xFF);
            }

            var at = b.Append(strip);
            badOffset = s == corruptStrip ? at : badOffset;
            offsets.Add(at);
            counts.Add(strip.Length);
        }

        b.WriteIfd(b.FrameIfd(width, height, 16, offsets, counts, rowsPerStrip: rows)
            .Without(Tag.Compression).Ints(Tag.Compression, FieldType.Short, 8));
        return badOffset;
    }

    /// <summary>A zlib stream of <paramref name="plain"/> at the fastest level.</summary>
    public static byte[] Zlib(ReadOnlySpan<byte> plain)
    {
        using var packed = new MemoryStream();
        using (var z = new ZLibStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(plain);
        }

        return packed.ToArray();
    }
}
