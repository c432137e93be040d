namespace ScanImageTiff.Hashing;

/// <summary>
/// A worker's part of a parallel XXH3-64: for one contiguous stretch of the input (a chunk, fed as any number of
/// spans), the sums of every full block that lies inside it, plus the bytes the chain needs around them: the head
/// (from the chunk's start to the first block boundary) and the tail (a block the chunk ends inside, or the input's
/// last segment, which is never summed). <see cref="Xxh3Chain"/> consumes these in input order.
/// </summary>
internal sealed unsafe class Xxh3ChunkSums
{
    private readonly byte[] _head = new byte[Xxh3Kernel.BlockBytes];
    private readonly byte[] _tail = new byte[Xxh3Kernel.BlockBytes];
    private readonly byte[] _lastStripe = new byte[64];
    private ulong[] _sums = [];
    private long _position;
    private long _headEnd;
    private long _fullBlocks;
    private int _headLength;
    private int _tailLength;

    /// <summary>Bytes from the chunk's start up to the first block boundary (or its end).</summary>
    public ReadOnlySpan<byte> Head => _head.AsSpan(0, _headLength);

    /// <summary>Bytes after the last summed block: a part of a block, or the input's last segment.</summary>
    public ReadOnlySpan<byte> Tail => _tail.AsSpan(0, _tailLength);

    /// <summary><see cref="Xxh3Kernel.Lanes"/> sums for each of <see cref="Blocks"/> blocks from <see cref="FirstBlock"/> on.</summary>
    public ReadOnlySpan<ulong> Sums => _sums.AsSpan(0, (int)(Blocks * Xxh3Kernel.Lanes));

    /// <summary>Index of the first summed block (valid when <see cref="Blocks"/> &gt; 0).</summary>
    public long FirstBlock { get; private set; }

    /// <summary>Summed blocks.</summary>
    public long Blocks { get; private set; }

    /// <summary>The last 64 bytes of the last summed block (valid when <see cref="Blocks"/> &gt; 0).</summary>
    public ReadOnlySpan<byte> LastStripe => _lastStripe;

    /// <summary>
    /// Starts a chunk of <paramref name="bytes"/> at byte <paramref name="start"/> of an input of <paramref name="length"/>
    /// (&gt; 240) bytes; the sums it needs are allocated here, once, not while it is fed.
    /// </summary>
    public void Begin(long start, long bytes, long length)
    {
        var most = ((bytes / Xxh3Kernel.BlockBytes) + 1) * Xxh3Kernel.Lanes;
        if (_sums.Length < most)
        {
            _sums = new ulong[most];
        }

        _position = start;
        _headEnd = Math.Min(length, (start + Xxh3Kernel.BlockBytes - 1) / Xxh3Kernel.BlockBytes * Xxh3Kernel.BlockBytes);
        _fullBlocks = Xxh3Kernel.FullBlocks(length);
        _headLength = 0;
        _tailLength = 0;
        Blocks = 0;
        FirstBlock = 0;
    }

    /// <summary>
    /// The chunk's next bytes; <paramref name="fromMemory"/> when they are read from memory (a mapped frame), not from a
    /// buffer just filled, so that the sums ask for the bytes ahead (<see cref="Xxh3Kernel.SumBlocks"/>).
    /// </summary>
    public void Append(ReadOnlySpan<byte> bytes, bool fromMemory = false)
    {
        while (!bytes.IsEmpty)
        {
            int n;
            if (_position < _headEnd)
            {
                n = (int)Math.Min(bytes.Length, _headEnd - _position);
                bytes[..n].CopyTo(_head.AsSpan(_headLength));
                _headLength += n;
            }
            else if (_tailLength == 0 && bytes.Length >= Xxh3Kernel.BlockBytes && _position / Xxh3Kernel.BlockBytes < _fullBlocks)
            {
                var blocks = Math.Min(bytes.Length / Xxh3Kernel.BlockBytes, _fullBlocks - (_position / Xxh3Kernel.BlockBytes));
                n = (int)blocks * Xxh3Kernel.BlockBytes;
                Sum(bytes[..n], _position / Xxh3Kernel.BlockBytes, blocks, fromMemory);
            }
            else
            {
                n = Math.Min(bytes.Length, Xxh3Kernel.BlockBytes - _tailLength);
                bytes[..n].CopyTo(_tail.AsSpan(_tailLength));
                _tailLength += n;
                var block = (_position + n - _tailLength) / Xxh3Kernel.BlockBytes;
                if (_tailLength == Xxh3Kernel.BlockBytes && block < _fullBlocks)
                {
                    Sum(_tail, block, 1, false);
                    _tailLength = 0;
                }
            }

            _position += n;
            bytes = bytes[n..];
        }
    }

    private void Sum(ReadOnlySpan<byte> blocks, long first, long count, bool fromMemory)
    {
        if (Blocks == 0)
        {
            FirstBlock = first;
        }

        var needed = (Blocks + count) * Xxh3Kernel.Lanes;
        if (needed > _sums.Length)
        {
            throw new InvalidOperationException($"chunk fed more than the {_sums.Length / Xxh3Kernel.Lanes} blocks it was begun with");
        }

        fixed (byte* p = blocks)
        fixed (ulong* s = &_sums[Blocks * Xxh3Kernel.Lanes])
        {
            Xxh3Kernel.SumBlocks(p, count, s, fromMemory);
        }

        blocks[^64..].CopyTo(_lastStripe);
        Blocks += count;
    }
}
