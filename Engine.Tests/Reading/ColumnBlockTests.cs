using ScanImageTiff.Memory;
using ScanImageTiff.Tests.Support;

namespace ScanImageTiff.Tests.Reading;

/// <summary>
/// <see cref="ColumnBlock"/>: columns of one block never overlap, a copy keeps every row, and a large block is laid
/// out on a 2 MiB boundary that the kernel reports eligible for huge pages (/proc/self/smaps, not the block's own
/// bookkeeping).
/// </summary>
public sealed class ColumnBlockTests
{
    private static readonly int[] Widths = [8, 4, 8, 4, 4];

    [Theory]
    [InlineData(1)]
    [InlineData(1_000)]
    [InlineData(100_000)]
    public void Columns_hold_their_own_values_and_copies_keep_every_row(int rows)
    {
        var block = ColumnBlock.Rent(rows, Widths);
        try
        {
            Assert.Equal(rows, block.Capacity);
            Fill(block, rows);
            Check(block, rows);

            var grown = ColumnBlock.Rent((2 * rows) + 5, Widths);
            try
            {
                // The rows past the copy are written first: the copy must not touch them.
                for (var c = 0; c < Widths.Length; c++)
                {
                    if (Widths[c] == 8)
                    {
                        grown.Column<long>(c)[rows..].Fill(-7);
                    }
                    else
                    {
                        grown.Column<int>(c)[rows..].Fill(-7);
                    }
                }

                block.CopyRowsTo(grown, rows, Widths);
                Check(grown, rows);
                for (var c = 0; c < Widths.Length; c++)
                {
                    Assert.True(Widths[c] == 8
                        ? grown.Column<long>(c)[rows..].IndexOfAnyExcept(-7L) < 0
                        : grown.Column<int>(c)[rows..].IndexOfAnyExcept(-7) < 0);
                }
            }
            finally
            {
                grown.Return();
            }
        }
        finally
        {
            block.Return();
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(16)]
    public void Columns_are_4_or_8_bytes_wide(int width) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ColumnBlock.Rent(10, [8, width]));

    [Fact]
    public void The_empty_block_has_no_rows()
    {
        Assert.Equal(0, ColumnBlock.Empty.Capacity);
        Assert.True(ColumnBlock.Empty.Column<long>(3).IsEmpty);
        ColumnBlock.Empty.CopyRowsTo(ColumnBlock.Empty, 0, Widths);
        ColumnBlock.Empty.Return();
    }

    [Fact]
    public unsafe void A_large_block_starts_on_a_2_MiB_boundary_advised_for_huge_pages()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // 100 000 rows of a frame table's six columns: 3.6 MB.
        int[] widths = [8, 8, 8, 4, 4, 4];
        var block = ColumnBlock.Rent(100_000, widths);
        try
        {
            var first = block.Column<long>(0);
            first.Fill(1);
            fixed (long* p = first)
            {
                Assert.Equal(0, (long)p % (2 << 20));
                var enabled = File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled");
                if (!enabled.Contains("[never]", StringComparison.Ordinal))
                {
                    Assert.Equal("1", Smaps.Field((nuint)p, "THPeligible"));
                }
            }
        }
        finally
        {
            block.Return();
        }
    }

    private static void Fill(ColumnBlock block, int rows)
    {
        for (var c = 0; c < Widths.Length; c++)
        {
            for (var r = 0; r < rows; r++)
            {
                if (Widths[c] == 8)
                {
                    block.Column<long>(c)[r] = (c * 1_000_000_007L) + r;
                }
                else
                {
                    block.Column<int>(c)[r] = (c * 10_000_019) + r;
                }
            }
        }
    }

    private static void Check(ColumnBlock block, int rows)
    {
        for (var c = 0; c < Widths.Length; c++)
        {
            for (var r = 0; r < rows; r++)
            {
                if (Widths[c] == 8)
                {
                    Assert.Equal((c * 1_000_000_007L) + r, block.Column<long>(c)[r]);
                }
                else
                {
                    Assert.Equal((c * 10_000_019) + r, block.Column<int>(c)[r]);
                }
            }
        }
    }
}
