using ScanImageTiff.Memory;
using ScanImageTiff.Tiff;

namespace ScanImageTiff.Acquisition;

/// <summary>
/// Frame-level questions every tool asks before reading: can this frame be handed out without a copy,
/// and what are its samples as bytes. The one place that decides zero-copy for streams, exports, the CLI
/// and the C library.
/// </summary>
public static class FrameAccess
{
    /// <summary>
    /// True when frame <paramref name="frame"/> can be handed out as a view of the mapped file: mapped
    /// backend, one contiguous uncompressed run, samples already in host byte order, a supported encoding.
    /// Reads nothing but the index.
    /// </summary>
    /// <param name="reader">The reader.</param>
    /// <param name="frame">0-based frame index.</param>
    public static bool CanReadZeroCopy(this ScanImageTiffReader reader, int frame)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if ((uint)frame >= (uint)reader.FrameCount)
        {
            throw new ArgumentOutOfRangeException(nameof(frame), frame, $"{reader.FilePath} has {reader.FrameCount} frames");
        }

        return reader.Frames.IsView(frame, reader.Table.LayoutOf(frame));
    }

    /// <summary>
    /// Frame <paramref name="frame"/>'s samples as bytes in host byte order, whatever their type, as a view
    /// of the mapping (valid until the reader is disposed), when <see cref="CanReadZeroCopy"/> is true.
    /// </summary>
    /// <param name="reader">The reader.</param>
    /// <param name="frame">0-based frame index.</param>
    /// <param name="bytes">The samples; empty when the frame must be copied (<see cref="ReadFrameBytes"/>).</param>
    public static bool TryGetFrameBytes(this ScanImageTiffReader reader, int frame, out ReadOnlyMemory<byte> bytes)
    {
        if (!reader.CanReadZeroCopy(frame))
        {
            bytes = default;
            return false;
        }

        bytes = ((MappedFileSource)reader.Source).GetMemory<byte>(reader.Table.DataOffsets[frame], FramePixels.ByteCount(reader, frame));
        return true;
    }

    /// <summary>Copies frame <paramref name="frame"/>'s samples as bytes in host byte order into <paramref name="destination"/>; returns the byte count.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="frame">0-based frame index.</param>
    /// <param name="destination">At least <see cref="FrameInfo.ByteCount"/> bytes.</param>
    /// <exception cref="NotSupportedException">The frame's encoding is not supported.</exception>
    public static int ReadFrameBytes(this ScanImageTiffReader reader, int frame, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var n = FramePixels.ByteCount(reader, frame);
        if (destination.Length < n)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes but frame {frame} has {n}", nameof(destination));
        }

        reader.CopyFrameBytes(frame, destination[..n]);
        return n;
    }
}
