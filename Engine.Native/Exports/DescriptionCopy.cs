namespace ScanImageTiff.Native.Exports;

/// <summary>Every description of a file, as stored, back to back into caller memory: the engine reads them many at a time.</summary>
internal static unsafe class DescriptionCopy
{
    /// <summary>Bytes of every description of <paramref name="reader"/>'s file as stored.</summary>
    public static ulong TotalBytes(ScanImageTiffReader reader) => (ulong)reader.GetDescriptionByteCount(0, reader.FrameCount);

    /// <summary>
    /// Copies every description of <paramref name="reader"/>'s file to <paramref name="buffer"/> (which the caller
    /// checked holds <see cref="TotalBytes"/>) and returns the byte after them. A span holds at most 2 GiB, so the
    /// engine is asked as many times as that takes.
    /// </summary>
    public static byte* CopyAll(ScanImageTiffReader reader, byte* buffer)
    {
        var remaining = TotalBytes(reader);
        var frame = 0;
        while (frame < reader.FrameCount)
        {
            var room = new Span<byte>(buffer, (int)Math.Min(remaining, int.MaxValue));
            var copied = reader.CopyDescriptionBytes(frame, reader.FrameCount, room, out var written);
            if (copied == 0)
            {
                throw new InvalidOperationException($"{reader.FilePath}: the description of frame {frame} does not fit the room its size promised");
            }

            frame += copied;
            buffer += written;
            remaining -= (ulong)written;
        }

        return buffer;
    }
}
