using static ScanImageTiff.Memory.MemoryCalls;

namespace ScanImageTiff.Memory;

/// <summary>
/// Page-aligned native memory for large results. On Linux a block of at least <see cref="HugeThreshold"/>
/// bytes is mapped 2 MiB-aligned and advised <c>MADV_HUGEPAGE</c>: the first write to each 2 MiB then
/// costs one page fault instead of 512, and on virtual machines those faults, not the copy, bound a read
/// into fresh memory (measured here: 1.5 GB/s first touch with 4 KiB pages, 7–10 GB/s with huge pages).
/// Where huge pages are off or unavailable the kernel silently uses small pages; elsewhere, or when the
/// mapping fails, the block comes from <see cref="NativeMemory.AlignedAlloc(nuint, nuint)"/>.
/// </summary>
internal static unsafe class PageMemory
{
    private const int PageSize = 4096;
    private const nuint HugePageSize = 2u << 20;
    private const nuint HugeThreshold = 4u << 20;


    private static volatile bool s_mmapUnavailable = !OperatingSystem.IsLinux();

    /// <summary>A block of at least <paramref name="bytes"/> bytes (uninitialised; fresh pages read as zero).</summary>
    public static Block Allocate(nuint bytes)
    {
        bytes = Math.Max(bytes, 1);
        if (bytes >= HugeThreshold && !s_mmapUnavailable && TryMapHuge(bytes, out var block))
        {
            return block;
        }

        var pointer = NativeMemory.AlignedAlloc(bytes, PageSize);
        return new Block((byte*)pointer, 0);
    }

    /// <summary>Gives a block from <see cref="Allocate"/> back.</summary>
    public static void Free(in Block block)
    {
        if (block.MappingLength != 0)
        {
            _ = Munmap((nint)block.Pointer, block.MappingLength);
        }
        else if (block.Pointer is not null)
        {
            NativeMemory.AlignedFree(block.Pointer);
        }
    }

    private static bool TryMapHuge(nuint bytes, out Block block)
    {
        block = default;
        nuint rounded;
        nuint length;
        try
        {
            rounded = checked((bytes + HugePageSize - 1) & ~(HugePageSize - 1));
            length = checked(rounded + HugePageSize);
        }
        catch (OverflowException)
        {
            return false;
        }

        nint mapped;
        try
        {
            mapped = Mmap(0, length, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_mmapUnavailable = true;
            return false;
        }

        if (mapped == -1 || mapped == 0)
        {
            // Out of address space or over a limit: let the allocator below report it its way.
            return false;
        }

        // Trim the unaligned head and the unused tail so only the aligned, rounded block stays mapped.
        var aligned = (nint)(((nuint)mapped + HugePageSize - 1) & ~(HugePageSize - 1));
        var head = (nuint)(aligned - mapped);
        var tail = length - head - rounded;
        if (head > 0)
        {
            _ = Munmap(mapped, head);
        }

        if (tail > 0)
        {
            _ = Munmap(aligned + (nint)rounded, tail);
        }

        // Advice only: where transparent huge pages are "never" this fails or is ignored and small pages serve.
        _ = Madvise(aligned, rounded, MadvHugePage);
        block = new Block((byte*)aligned, rounded);
        return true;
    }

    /// <summary>An allocated block: its start, and the length of the mapping that starts there (0 for heap memory).</summary>
    internal readonly struct Block(byte* pointer, nuint mappingLength)
    {
        public byte* Pointer { get; } = pointer;

        public nuint MappingLength { get; } = mappingLength;

        /// <summary>True when the block is a 2 MiB-aligned mapping advised for huge pages.</summary>
        public bool IsHugePageMapping => MappingLength != 0;
    }
}
