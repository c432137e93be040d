using System.Globalization;

namespace ScanImageTiff.Tests.Tiff;

/// <summary>
/// <see cref="NativeBuffer{T}"/>: small buffers are page-aligned heap memory; on Linux, large ones are
/// 2 MiB-aligned anonymous mappings advised for huge pages (checked in the kernel's own view of the
/// process, /proc/self/smaps), usable end to end and unmapped on dispose.
/// </summary>
public sealed unsafe class NativeBufferTests
{
    private const long TwoMiB = 2 << 20;

    [Fact]
    public void Small_buffers_are_page_aligned_heap_memory()
    {
        using var buffer = new NativeBuffer<short>(1000);
        Assert.Equal(0, buffer.Pointer % 4096);
        Assert.False(buffer.IsHugePageMapping);
        buffer.Span.Fill(7);
        Assert.Equal(7, buffer[999]);
    }

    [Theory]
    [InlineData(4L << 20)]
    [InlineData((5L << 20) + 2)]
    [InlineData(33L << 20)]
    public void Large_buffers_on_Linux_are_2MiB_aligned_huge_page_mappings_usable_to_the_last_byte(long bytes)
    {
        var buffer = new NativeBuffer<short>(bytes / 2);
        var pointer = buffer.Pointer;
        if (!OperatingSystem.IsLinux())
        {
            Assert.False(buffer.IsHugePageMapping);
            buffer.Dispose();
            return;
        }

        Assert.True(buffer.IsHugePageMapping);
        Assert.Equal(0, pointer % TwoMiB);
        var vma = FindMapping(pointer);
        Assert.NotNull(vma);
        Assert.Contains("hg", vma.Value.Flags);  // VmFlags "hg": MADV_HUGEPAGE was applied
        Assert.True(vma.Value.End - pointer >= (bytes + TwoMiB - 1) / TwoMiB * TwoMiB, "the mapping covers the rounded buffer");

        // Every page, and the last element, can be written and read back.
        for (long i = 0; i < buffer.Length - 1; i += 2048)
        {
            buffer[i] = (short)(i / 2048);
        }

        buffer[buffer.Length - 1] = -5;
        for (long i = 0; i < buffer.Length - 1; i += 2048)
        {
            Assert.Equal((short)(i / 2048), buffer[i]);
        }

        Assert.Equal(-5, buffer[buffer.Length - 1]);
        buffer.Dispose();
        buffer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => buffer.Pointer);
    }

    [Fact]
    public void Disposed_large_buffers_are_unmapped()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // 200 buffers of 33 MiB would add 6.6 GiB of address space if dispose leaked them.
        var before = VirtualBytes();
        for (var i = 0; i < 200; i++)
        {
            using var buffer = new NativeBuffer<byte>(33L << 20);
            buffer[buffer.Length - 1] = 1;
        }

        Assert.True(VirtualBytes() - before < (3L << 30), $"address space grew from {before} to {VirtualBytes()} bytes");
    }

    private static long VirtualBytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmSize:", StringComparison.Ordinal));
        return long.Parse(line["VmSize:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) * 1024;
    }

    [Fact]
    public void Zero_length_buffer_is_valid_and_disposable()
    {
        var buffer = new NativeBuffer<double>(0);
        Assert.Equal(0, buffer.Length);
        Assert.True(buffer.Span.IsEmpty);
        buffer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => buffer.Pointer);
    }

    /// <summary>The /proc/self/smaps entry whose range holds <paramref name="address"/>, or null.</summary>
    private static (long Start, long End, string[] Flags)? FindMapping(long address)
    {
        (long Start, long End)? current = null;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var dash = line.IndexOf('-', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash && long.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var start)
                && long.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var end))
            {
                current = (start, end);
                continue;
            }

            if (line.StartsWith("VmFlags:", StringComparison.Ordinal) && current is { } c && address >= c.Start && address < c.End)
            {
                return (c.Start, c.End, line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return null;
    }
}
