namespace ScanImageTiff.Native.Reading;

/// <summary>The address of a frame's samples inside the mapping, for any sample type.</summary>
internal static unsafe class FramePointers
{
    /// <summary>
    /// True with the frame's address and size when it can be handed out without copying (mapped,
    /// one contiguous run, host byte order). The memory is valid until the reader is disposed.
    /// </summary>
    public static bool TryGet(ScanImageTiffReader reader, int frame, out nint pointer, out long bytes)
    {
        pointer = 0;
        bytes = 0;
        var info = reader.GetFrameInfo(frame);
        return info.PixelType switch
        {
            PixelType.UInt8 => Try<byte>(reader, frame, out pointer, out bytes),
            PixelType.Int8 => Try<sbyte>(reader, frame, out pointer, out bytes),
            PixelType.UInt16 => Try<ushort>(reader, frame, out pointer, out bytes),
            PixelType.Int16 => Try<short>(reader, frame, out pointer, out bytes),
            PixelType.UInt32 => Try<uint>(reader, frame, out pointer, out bytes),
            PixelType.Int32 => Try<int>(reader, frame, out pointer, out bytes),
            PixelType.UInt64 => Try<ulong>(reader, frame, out pointer, out bytes),
            PixelType.Int64 => Try<long>(reader, frame, out pointer, out bytes),
            PixelType.Float32 => Try<float>(reader, frame, out pointer, out bytes),
            PixelType.Float64 => Try<double>(reader, frame, out pointer, out bytes),
            _ => false,
        };
    }

    /// <summary>Whether <see cref="TryGet"/> would succeed, without touching the pixels.</summary>
    public static bool IsZeroCopy(ScanImageTiffReader reader, FrameInfo info) =>
        info.PixelType is not null && info.IsContiguous && reader.Backend == ReadBackend.Mapped
        && (reader.ByteOrder == TiffByteOrder.LittleEndian || info.BitsPerSample <= 8);

    private static bool Try<T>(ScanImageTiffReader reader, int frame, out nint pointer, out long bytes)
        where T : unmanaged
    {
        if (!reader.TryGetFrameMemory<T>(frame, out var memory))
        {
            pointer = 0;
            bytes = 0;
            return false;
        }

        // The memory is native (the mapping), so its address is stable without pinning.
        pointer = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(memory.Span));
        bytes = (long)memory.Length * sizeof(T);
        return true;
    }
}
