using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using ScanImageTiff.Benchmarks.Support;
using ScanImageTiff.Memory;

namespace ScanImageTiff.Benchmarks.Suites;

/// <summary>
/// The baseline of the fresh-memory benchmarks (<see cref="ReadFresh"/>, <see cref="Interval"/>): one
/// <see cref="RandomAccess.Read(SafeFileHandle, Span{byte}, long)"/> per frame, single-threaded, into
/// fresh page-aligned <see cref="NativeMemory.AlignedAlloc"/> memory (what a careful hand-written reader does).
/// </summary>
internal static unsafe class FreshReadBaseline
{
    /// <summary>Reads the regions into fresh memory, checksums them (first and last sample of each frame) and frees it.</summary>
    public static long ReadAndChecksum(SafeFileHandle handle, FrameRegions regions, int elementsPerFrame)
    {
        var memory = Read(handle, regions);
        try
        {
            return Checksum.FirstAndLast(memory, regions.Count, elementsPerFrame);
        }
        finally
        {
            NativeMemory.AlignedFree(memory);
        }
    }

    /// <summary>
    /// The same single-threaded reads into the memory the engine's <see cref="NativeBuffer{T}"/> uses (2 MiB-aligned,
    /// huge pages on Linux): not a baseline, but it splits the engine's gain into "destination pages" and "threads".
    /// </summary>
    public static long ReadIntoHugePagesAndChecksum(SafeFileHandle handle, FrameRegions regions, int elementsPerFrame)
    {
        var block = PageMemory.Allocate((nuint)Math.Max(regions.TotalBytes, 1));
        try
        {
            ReadInto(handle, regions, block.Pointer);
            return Checksum.FirstAndLast((short*)block.Pointer, regions.Count, elementsPerFrame);
        }
        finally
        {
            PageMemory.Free(block);
        }
    }

    /// <summary>Reads the regions, one after another, into new memory the caller frees with <see cref="NativeMemory.AlignedFree"/>.</summary>
    public static short* Read(SafeFileHandle handle, FrameRegions regions)
    {
        var memory = (byte*)NativeMemory.AlignedAlloc((nuint)Math.Max(regions.TotalBytes, 1), 4096);
        try
        {
            ReadInto(handle, regions, memory);
            return (short*)memory;
        }
        catch
        {
            NativeMemory.AlignedFree(memory);
            throw;
        }
    }

    private static void ReadInto(SafeFileHandle handle, FrameRegions regions, byte* at)
    {
        var offsets = regions.Offsets;
        var counts = regions.ByteCounts;
        for (var i = 0; i < offsets.Length; i++)
        {
            ReadExactly(handle, new Span<byte>(at, counts[i]), offsets[i]);
            at += counts[i];
        }
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> destination, long offset)
    {
        while (!destination.IsEmpty)
        {
            var n = RandomAccess.Read(handle, destination, offset);
            if (n <= 0)
            {
                throw new EndOfStreamException($"file ends before byte {offset + destination.Length}");
            }

            destination = destination[n..];
            offset += n;
        }
    }
}
