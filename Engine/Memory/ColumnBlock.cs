using System.Buffers;
using static ScanImageTiff.Memory.MemoryCalls;

namespace ScanImageTiff.Memory;

/// <summary>
/// The columns of a table (a struct of arrays: one value per row in each column) in one block rented from
/// <see cref="ArrayPool{T}.Shared"/>. A table of 100 000 IFDs is 4 MB, and fresh memory is paid for at its first write,
/// one page fault per 4 KiB: on a virtual machine each fault costs microseconds, more than indexing the IFD that fills
/// the row (measured here: writing 4 MB of fresh GC memory takes 11–13 ms in 4 KiB pages, 1–2 ms in 2 MiB pages). So on
/// Linux a block of at least <see cref="HugeThreshold"/> bytes is rented 2 MiB larger, laid out from a 2 MiB boundary
/// inside it, and advised <c>MADV_HUGEPAGE</c> before it is written: its first write then faults in 2 MiB at a time.
/// Warm memory from the pool is not changed by the advice, and where transparent huge pages are off small pages serve.
/// </summary>
/// <remarks>
/// Each column starts at a multiple of 64 bytes, in the order of the widths given. Spans of a column keep the block's
/// array alive; a table that grows leaves its old block to the GC rather than to the pool when another thread may
/// still read it.
/// </remarks>
internal sealed class ColumnBlock
{
    private const int HugePageBytes = 2 << 20;

    // Below this a block is not worth a 2 MiB page: a 256 KiB table would hold 8 times its size in memory (100 open
    // files of 10 000 frames: 200 MB instead of 36 MB). From 1 MiB up, at most twice its size.
    private const int HugeThreshold = 1 << 20;

    // Longs, not bytes: a table of more than 2^31 bytes (60 million rows) still fits one array.
    private readonly long[] _array;
    private readonly nint _base;
    private readonly nint[] _starts;

    private ColumnBlock(long[] array, nint @base, nint[] starts, int capacity)
    {
        _array = array;
        _base = @base;
        _starts = starts;
        Capacity = capacity;
    }

    /// <summary>A block of no rows, for any number of columns; it rents nothing and returns nothing.</summary>
    public static ColumnBlock Empty { get; } = new([], 0, new nint[16], 0);

    /// <summary>Rows each column holds.</summary>
    public int Capacity { get; }

    /// <summary>
    /// A block of <paramref name="capacity"/> rows of columns <paramref name="widths"/> bytes wide (4 or 8 each;
    /// uninitialised). <see cref="InsufficientMemoryException"/> past 16 GB.
    /// </summary>
    public static ColumnBlock Rent(int capacity, ReadOnlySpan<int> widths)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        var starts = new nint[widths.Length];
        long total = 0;
        for (var i = 0; i < widths.Length; i++)
        {
            if (widths[i] is not (sizeof(int) or sizeof(long)))
            {
                throw new ArgumentOutOfRangeException(nameof(widths), widths[i], "columns are 4 or 8 bytes wide");
            }

            starts[i] = (nint)total;
            total += ((long)widths[i] * capacity + 63) & ~63L;
        }

        var huge = total >= HugeThreshold && OperatingSystem.IsLinux();
        var longs = (total + (huge ? HugePageBytes : 0)) / sizeof(long);
        if (longs > Array.MaxLength)
        {
            // 16 GB of rows: more than separate columns would have allocated either.
            throw new InsufficientMemoryException($"a table of {capacity} rows needs {total} bytes, more than one array holds");
        }

        var array = ArrayPool<long>.Shared.Rent((int)longs);
        var @base = huge ? AdviseHugePages(array) : 0;
        return new ColumnBlock(array, @base, starts, capacity);
    }

    /// <summary>Column <paramref name="column"/> (all <see cref="Capacity"/> rows) as values of <typeparamref name="T"/>.</summary>
    public Span<T> Column<T>(int column)
        where T : unmanaged
    {
        if (Capacity == 0)
        {
            return default;
        }

        ref var start = ref Unsafe.AddByteOffset(ref MemoryMarshal.GetArrayDataReference(_array), _base + _starts[column]);
        return MemoryMarshal.CreateSpan(ref Unsafe.As<long, T>(ref start), Capacity);
    }

    /// <summary>Copies the first <paramref name="rows"/> rows of every column into <paramref name="destination"/> (same columns).</summary>
    public void CopyRowsTo(ColumnBlock destination, int rows, ReadOnlySpan<int> widths)
    {
        for (var c = 0; c < widths.Length; c++)
        {
            if (widths[c] == sizeof(long))
            {
                Column<long>(c)[..rows].CopyTo(destination.Column<long>(c));
            }
            else
            {
                Column<int>(c)[..rows].CopyTo(destination.Column<int>(c));
            }
        }
    }

    /// <summary>Gives the block back to the pool: nothing may read it afterwards.</summary>
    public void Return()
    {
        if (Capacity > 0)
        {
            ArrayPool<long>.Shared.Return(_array);
        }
    }

    /// <summary>
    /// Advises the 2 MiB-aligned part of <paramref name="array"/> for huge pages and returns the offset of its first
    /// 2 MiB boundary (0 when the advice cannot be given). The array is in the large-object heap, which the GC does not
    /// move unless asked to compact it; if it ever moved, the layout would still be right, only no longer aligned.
    /// </summary>
    private static unsafe nint AdviseHugePages(long[] array)
    {
        fixed (long* p = array)
        {
            var start = (nuint)p;
            var aligned = (start + HugePageBytes - 1) & ~(nuint)(HugePageBytes - 1);
            var end = (start + ((nuint)array.Length * sizeof(long))) & ~(nuint)(HugePageBytes - 1);
            if (end <= aligned)
            {
                return 0;
            }

            try
            {
                // Advice only: refused or ignored where transparent huge pages are off, and small pages serve.
                _ = Madvise((nint)aligned, end - aligned, MadvHugePage);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return 0;
            }

            return (nint)(aligned - start);
        }
    }
}
