using ScanImageTiff.Memory;
using ScanImageTiff.Streaming;

namespace ScanImageTiff.Acquisition;

/// <summary>Checked byte counts and typed views of one frame, for the acquisition-level readers.</summary>
internal static class FramePixels
{
    /// <summary>The frame's decoded byte count; throws for an unsupported encoding or a frame over 2 GiB.</summary>
    public static int ByteCount(ScanImageTiffReader reader, int frame)
    {
        if ((uint)frame >= (uint)reader.FrameCount)
        {
            throw new ArgumentOutOfRangeException(nameof(frame), frame, $"{reader.FilePath} has {reader.FrameCount} frames");
        }

        var info = reader.Table.LayoutOf(frame);
        if (info.Unsupported is not null)
        {
            throw reader.Unsupported(frame, info);
        }

        return info.FrameBytes <= int.MaxValue
            ? (int)info.FrameBytes
            : throw new NotSupportedException($"{reader.FilePath}: IFD {frame} at byte offset {reader.Table.IfdOffsets[frame]} holds {info.FrameBytes} bytes; frames over 2 GiB are not supported.");
    }

    /// <summary>
    /// Checks that <typeparamref name="T"/> fits the frame: its own sample type, or <see cref="byte"/> when
    /// <paramref name="untyped"/> (bytes of any sample type). Returns the byte count.
    /// </summary>
    public static int Require<T>(ScanImageTiffReader reader, int frame, bool untyped)
        where T : unmanaged
    {
        var n = ByteCount(reader, frame);
        if (!untyped)
        {
            reader.RequireType<T>(frame);
        }

        return n;
    }

    /// <summary>A view of the frame's samples as <typeparamref name="T"/>; the caller checked <see cref="FrameAccess.CanReadZeroCopy"/>.</summary>
    public static ReadOnlyMemory<T> View<T>(ScanImageTiffReader reader, int frame, int bytes)
        where T : unmanaged =>
        ((MappedFileSource)reader.Source).GetMemory<T>(reader.Table.DataOffsets[frame], bytes / Unsafe.SizeOf<T>());
}
