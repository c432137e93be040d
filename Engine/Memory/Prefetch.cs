using System.Runtime.Intrinsics.X86;

namespace ScanImageTiff.Memory;

/// <summary>
/// Software prefetch for loops that visit one small region per frame. Frames sit kilobytes or megabytes
/// apart, so the hardware prefetcher never runs ahead of such a loop and each region costs a full memory
/// (and TLB) miss; asking for region i + k while working on region i overlaps those misses.
/// </summary>
internal static class Prefetch
{
    private const int Line = 64;

    /// <summary>Hints that the first <paramref name="maxBytes"/> bytes of <paramref name="region"/> will be read soon. Never faults.</summary>
    public static void Read(ReadOnlySpan<byte> region, int maxBytes) => Region(region[..Math.Min(region.Length, maxBytes)]);

    /// <summary>Hints that all of <paramref name="region"/> (every cache line it overlaps) will be read soon. Never faults.</summary>
    public static unsafe void Region(ReadOnlySpan<byte> region)
    {
        if (!Sse.IsSupported || region.IsEmpty)
        {
            return;
        }

        var start = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(region));
        var end = start + (nuint)region.Length;
        for (var line = start & ~(nuint)(Line - 1); line < end; line += Line)
        {
            Sse.Prefetch0((void*)line);
        }
    }
}
