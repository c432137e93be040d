using ScanImageTiff.Acquisition;

namespace ScanImageTiff.Native.Reading;

/// <summary>The address of a frame's samples inside the mapping (the engine decides whether there is one).</summary>
internal static unsafe class FramePointers
{
    /// <summary>
    /// True with the frame's address and size when it can be handed out without copying (see
    /// <see cref="FrameAccess.CanReadZeroCopy"/>). The memory is valid until the reader is disposed.
    /// </summary>
    public static bool TryGet(ScanImageTiffReader reader, int frame, out nint pointer, out long bytes)
    {
        if (!reader.TryGetFrameBytes(frame, out var memory))
        {
            pointer = 0;
            bytes = 0;
            return false;
        }

        // The memory is native (the mapping), so its address is stable without pinning.
        pointer = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(memory.Span));
        bytes = memory.Length;
        return true;
    }
}
