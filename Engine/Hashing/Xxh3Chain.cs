namespace ScanImageTiff.Hashing;

/// <summary>
/// The ordered half of a parallel XXH3-64 over an input of known length (&gt; 240 bytes): takes each chunk's
/// <see cref="Xxh3ChunkSums"/> in input order, applies the block sums to the accumulators, sums the few blocks that
/// straddle chunks itself, and keeps the last segment and the last stripe for <see cref="Finish"/>.
/// </summary>
internal sealed class Xxh3Chain
{
    private readonly ulong[] _accumulators = new ulong[Xxh3Kernel.Lanes];
    private readonly ulong[] _straddling = new ulong[Xxh3Kernel.Lanes];
    private readonly byte[] _pending = new byte[3 * Xxh3Kernel.BlockBytes];
    private readonly byte[] _previousStripe = new byte[64];
    private readonly long _length;
    private readonly long _fullBlocks;
    private long _nextBlock;
    private int _pendingLength;

    /// <summary>A chain for an input of <paramref name="length"/> bytes.</summary>
    public Xxh3Chain(long length)
    {
        if (length <= Xxh3Kernel.MidSizeMax)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "the block chain hashes inputs over 240 bytes");
        }

        _length = length;
        _fullBlocks = Xxh3Kernel.FullBlocks(length);
        Xxh3Kernel.Initialize(_accumulators);
    }

    /// <summary>The next chunk's part (chunks in input order, without gaps).</summary>
    public void Add(Xxh3ChunkSums chunk)
    {
        Pend(chunk.Head);
        if (chunk.Blocks > 0)
        {
            if (_pendingLength != 0 || chunk.FirstBlock != _nextBlock)
            {
                throw new InvalidOperationException($"XXH3 chunks out of order: block {chunk.FirstBlock} after {_nextBlock} with {_pendingLength} bytes pending");
            }

            Xxh3Kernel.ApplyBlocks(_accumulators, chunk.Sums);
            _nextBlock += chunk.Blocks;
            chunk.LastStripe.CopyTo(_previousStripe);
        }

        Pend(chunk.Tail);
    }

    /// <summary>The hash, once every byte has been added.</summary>
    public ulong Finish()
    {
        var segment = _pending.AsSpan(0, _pendingLength);
        if (_nextBlock != _fullBlocks || segment.Length != _length - (_fullBlocks * Xxh3Kernel.BlockBytes))
        {
            throw new InvalidOperationException($"XXH3 chain incomplete: {_nextBlock} of {_fullBlocks} blocks, {segment.Length} bytes pending");
        }

        Span<byte> lastStripe = stackalloc byte[64];
        if (segment.Length >= 64)
        {
            segment[^64..].CopyTo(lastStripe);
        }
        else
        {
            _previousStripe.AsSpan(segment.Length).CopyTo(lastStripe);
            segment.CopyTo(lastStripe[(64 - segment.Length)..]);
        }

        return Xxh3Kernel.Finish(_accumulators, segment, lastStripe, _length);
    }

    private unsafe void Pend(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var n = Math.Min(bytes.Length, _pending.Length - _pendingLength);
            if (n == 0)
            {
                throw new InvalidOperationException($"XXH3 chain: more than {_pending.Length} bytes past block {_nextBlock}");
            }

            bytes[..n].CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += n;
            bytes = bytes[n..];
            while (_pendingLength >= Xxh3Kernel.BlockBytes && _nextBlock < _fullBlocks)
            {
                fixed (byte* p = _pending)
                fixed (ulong* s = _straddling)
                {
                    Xxh3Kernel.SumBlocks(p, 1, s);
                }

                Xxh3Kernel.ApplyBlocks(_accumulators, _straddling);
                _pending.AsSpan(Xxh3Kernel.BlockBytes - 64, 64).CopyTo(_previousStripe);
                _pending.AsSpan(Xxh3Kernel.BlockBytes, _pendingLength - Xxh3Kernel.BlockBytes).CopyTo(_pending);
                _pendingLength -= Xxh3Kernel.BlockBytes;
                _nextBlock++;
            }
        }
    }
}
