using ScanImageTiff.Cli.Input;

namespace ScanImageTiff.Cli.Pixels;

/// <summary>
/// One frame's samples as little-endian bytes: a view straight into the mapped file when the frame is
/// one uncompressed run in native order (no copy), otherwise a copy into caller-owned scratch.
/// </summary>
internal static class FrameBytes
{
    /// <summary>Decoded byte count of a frame; refuses frames that cannot be decoded or exceed a span.</summary>
    public static int ByteCount(ScanImageTiffReader reader, int frame)
    {
        var info = reader.Table.LayoutOf(frame);
        if (info.Unsupported is not null)
        {
            throw reader.Unsupported(frame, info);
        }

        return info.FrameBytes is >= 0 and <= int.MaxValue
            ? (int)info.FrameBytes
            : throw new NotSupportedException($"{reader.FilePath}: IFD {frame} at byte offset {reader.Table.IfdOffsets[frame]} holds {info.FrameBytes} bytes; frames over 2 GiB are not supported");
    }

    /// <summary>True when <see cref="View"/> can hand out the frame without copying.</summary>
    public static bool CanView(ScanImageTiffReader reader, int frame)
    {
        var t = reader.Table;
        return reader.Source.IsMapped && t.IsContiguous(frame) && !reader.NeedsSwap(t.LayoutOf(frame));
    }

    /// <summary>The frame's bytes inside the mapping; valid while the reader is open. Check <see cref="CanView"/> first.</summary>
    public static ReadOnlySpan<byte> View(ScanImageTiffReader reader, int frame) =>
        reader.Source.GetSpan(reader.Table.DataOffsets[frame], ByteCount(reader, frame), default);

    /// <summary>
    /// The frame's bytes (cropped to <paramref name="crop"/> when given): a view when possible, else
    /// copied into <paramref name="scratch"/> / <paramref name="cropScratch"/>, which grow as needed.
    /// </summary>
    public static ReadOnlySpan<byte> Get(ScanImageTiffReader reader, int frame, PixelRect? crop, ref byte[] scratch, ref byte[] cropScratch)
    {
        var n = ByteCount(reader, frame);
        ReadOnlySpan<byte> whole;
        if (CanView(reader, frame))
        {
            whole = View(reader, frame);
        }
        else
        {
            Grow(ref scratch, n);
            reader.CopyFrameBytes(frame, scratch.AsSpan(0, n));
            whole = scratch.AsSpan(0, n);
        }

        if (crop is not { } rect)
        {
            return whole;
        }

        var info = reader.GetFrameInfo(frame);
        var pixelBytes = info.SamplesPerPixel * info.PixelType!.Value.Size();
        CheckCrop(reader, frame, info, rect);
        var rowBytes = rect.Width * pixelBytes;
        Grow(ref cropScratch, checked(rowBytes * rect.Height));
        for (var y = 0; y < rect.Height; y++)
        {
            var from = (((long)(rect.Y + y) * info.Width) + rect.X) * pixelBytes;
            whole.Slice((int)from, rowBytes).CopyTo(cropScratch.AsSpan(y * rowBytes, rowBytes));
        }

        return cropScratch.AsSpan(0, rowBytes * rect.Height);
    }

    /// <summary>Width, height, samples per pixel and type of the selected part of a frame.</summary>
    public static (int Width, int Height, int Samples, PixelType? Type) ShapeOf(FileSet files, SelectedFrame selected)
    {
        var info = files.GetFrameInfo(selected.Ifd);
        return selected.Crop is { } c
            ? (c.Width, c.Height, info.SamplesPerPixel, info.PixelType)
            : (info.Width, info.Height, info.SamplesPerPixel, info.PixelType);
    }

    private static void CheckCrop(ScanImageTiffReader reader, int frame, FrameInfo info, PixelRect rect)
    {
        if (rect.X < 0 || rect.Y < 0 || rect.Width <= 0 || rect.Height <= 0
            || rect.X + rect.Width > info.Width || rect.Y + rect.Height > info.Height)
        {
            throw new CliFileException($"{reader.FilePath}: IFD {frame}: region {rect} lies outside the {info.Width} x {info.Height} frame");
        }
    }

    private static void Grow(ref byte[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = GC.AllocateUninitializedArray<byte>(length);
        }
    }
}
