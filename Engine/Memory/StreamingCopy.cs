using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ScanImageTiff.Memory;

/// <summary>
/// A copy with non-temporal (streaming) stores, for copies far larger than the cache. An ordinary copy
/// first reads every destination line into the cache (read-for-ownership) and later writes it back, so it
/// moves three bytes over the memory bus per byte copied; streaming stores write straight to memory, two
/// bytes per byte, and do not evict the source or the caller's working set. Measured on this project's
/// machine for 0.5 GB from a mapped file: 7.8 → 11.3 GB/s on one thread, 10–14 → 16–18 GB/s on two. For
/// small copies whose result is used at once an ordinary copy is better: the data stays in the cache.
/// </summary>
/// <remarks>
/// Streaming stores are weakly ordered: a thread that used <see cref="Copy"/> must call <see cref="Fence"/>
/// before another thread may rely on the bytes (before signalling that its part is done).
/// </remarks>
internal static unsafe class StreamingCopy
{
    /// <summary>Copies at least this many bytes in total before streaming stores pay off (well above a last-level cache).</summary>
    public const long Threshold = 32L << 20;

    private const int Block = 128;

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/> (same length, not overlapping).</summary>
    public static void Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (!Avx.IsSupported || source.Length < 4 * Block)
        {
            source.CopyTo(destination);
            return;
        }

        if (destination.Length < source.Length)
        {
            throw new ArgumentException("destination is shorter than source", nameof(destination));
        }

        fixed (byte* s = source)
        fixed (byte* d = destination)
        {
            // Streaming stores need 32-byte aligned addresses: copy the head ordinarily up to the first one.
            var head = (int)((32 - ((nuint)d & 31)) & 31);
            new ReadOnlySpan<byte>(s, head).CopyTo(new Span<byte>(d, head));
            var length = source.Length - head;
            var blocks = length / Block;
            byte* from = s + head, to = d + head;
            for (var i = 0; i < blocks; i++, from += Block, to += Block)
            {
                var a = Avx.LoadVector256(from);
                var b = Avx.LoadVector256(from + 32);
                var c = Avx.LoadVector256(from + 64);
                var e = Avx.LoadVector256(from + 96);
                Avx.StoreAlignedNonTemporal(to, a);
                Avx.StoreAlignedNonTemporal(to + 32, b);
                Avx.StoreAlignedNonTemporal(to + 64, c);
                Avx.StoreAlignedNonTemporal(to + 96, e);
            }

            var tail = length - (blocks * Block);
            new ReadOnlySpan<byte>(from, tail).CopyTo(new Span<byte>(to, tail));
        }
    }

    /// <summary>Makes this thread's streaming stores visible to other threads (an <c>sfence</c>).</summary>
    public static void Fence()
    {
        if (Sse.IsSupported)
        {
            Sse.StoreFence();
        }
    }
}
