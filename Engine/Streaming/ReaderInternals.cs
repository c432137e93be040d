using ScanImageTiff.Memory;

namespace ScanImageTiff.Streaming;

/// <summary>Small engine accessors the streams need that the reader does not offer publicly.</summary>
internal static class ReaderInternals
{
    /// <summary>The raw description: a guarded view of the mapping when mapped, else a new array.</summary>
    public static ReadOnlyMemory<byte> GetDescriptionMemory(this ScanImageTiffReader reader, int frame)
    {
        var count = reader.GetDescriptionByteCount(frame);
        if (count == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        return reader.Source is MappedFileSource mapped
            ? mapped.GetMemory<byte>(reader.Table.DescriptionOffsets[frame], count)
            : reader.GetDescriptionBytes(frame);
    }

    /// <summary>Bytes of the largest frame layout in the file (0 when no layout is readable).</summary>
    public static long MaxFrameBytes(this ScanImageTiffReader reader)
    {
        long max = 0;
        foreach (var layout in reader.Table.Layouts)
        {
            max = Math.Max(max, layout.FrameBytes);
        }

        return max;
    }

    /// <summary>Same checks as the reader's own: readable layout and <typeparamref name="T"/> matching it.</summary>
    public static void RequireType<T>(this ScanImageTiffReader reader, int frame)
        where T : unmanaged =>
        reader.Frames.RequireType<T>(frame);
}
