using System.Buffers;
using System.Diagnostics;
using ScanImageTiff.Memory;

namespace ScanImageTiff.Tiff;

/// <summary>
/// The bytes of the IFD being indexed, from either backend: a span of the mapping, or for the pread backend
/// a window of bytes read once, so the count, the entries, the next pointer and nearby out-of-line values of
/// one IFD come from one read.
/// </summary>
internal sealed class IfdWindow(FileSource source)
{
    // One pooled buffer serves every window, batches included, so a walk never trades one buffer for another midway.
    private const int ScratchSize = BatchSize;

    // One pread of this many bytes covers a ScanImage IFD (376 bytes) with its out-of-line values and most classic
    // IFDs (a larger IFD or a value further out is read on demand). Descriptions are not read while indexing, and
    // each byte more is copied once per IFD: 4 KiB windows made the copy a fifth of `sitiff info` on 100 000 IFDs.
    private const int WindowSize = 1024;

    // Stacks of small frames put their IFDs a few KiB apart. There one read of BatchSize bytes covers dozens of IFDs:
    // a system call costs as much as copying ~35 KiB here (a PVM guest: 100 000 1-KiB preads take 165 ms, reading the
    // whole 1 GB file in 256 KiB preads 52 ms), so below MaxBatchStride the bytes between the IFDs are cheaper to copy
    // than to skip. Further apart, each IFD is read on its own as before.
    private const int BatchSize = 256 * 1024;
    private const long MaxBatchStride = 16 * 1024;

    // A pread of one IFD that takes longer than this (a page cache hit takes 1-3 us) waited for the disk: the file is
    // not in the page cache. From then on the IFDs ColdAheadIfds strides ahead are requested too (posix_fadvise
    // WILLNEED, which does not wait), so the disk serves many IFDs at once instead of one round trip each, and nothing
    // between them is read (a cold `info` reads the IFDs of a 0.5 GB stack, not the stack; batched windows instead read
    // on with the kernel's read-ahead). A wrong guess costs one page read. It takes ColdReadsInARow slow reads: a cached
    // read now and then is slow too (the thread was preempted), and a hit taken for a miss costs a hint per IFD.
    // The more IFDs are in flight, the faster the disk serves them: a cold `info` of the 1 000-IFD stack, medians of 21
    // cold runs, 57 ms asking 64 ahead, 40 ms asking 1 024 (a C walk: 35, 29 and 26 ms asking 64, 256 and 1 000); the
    // cold checksum after it was unchanged (152 and 157 ms in two paired runs of 21).
    private const long ColdReadNanoseconds = 20_000;
    private const int ColdReadsInARow = 3;
    private const int ColdAheadIfds = 1024;

    // IFDs of a new mapping at least this far apart are read with pread, not through the mapping. Each would fault in
    // pages of its own (the 2 MiB folio or the 64 KiB around it) where a pread costs ~2 us: opening 1 000 IFDs 512 KiB
    // apart through a new mapping took 4.8 ms, with pread 1.9 ms (BenchmarkDotNet, OpenIndex). Closer IFDs share the
    // pages one fault maps, but only 2 MiB folios make that cheaper than pread (FileSource.MapsCheaply, probed once
    // per file after the second IFD): in the 4 KiB folios a writer leaves, a fault maps 64 KiB, and the first open of
    // the 100 000-IFD stack in a fresh process took 281-337 ms through the mapping against 40 ms with batched preads;
    // read back in 2 MiB folios, 25-27 ms through the mapping. A mapping an earlier reader made
    // (FileSource.ReusesMapping) is read through: its pages are faulted in once, and reopening the file then takes
    // 45 us instead of 2.4 ms.
    private const long SparseStride = 256 * 1024;

    private readonly FileSource _source = source;
    private byte[]? _scratch;
    private long _windowOffset = -1;
    private int _windowLength;
    private int _slowReads;
    private long _advisedTo;

    // True when IFDs are read into the window (the pread backend, or a mapped file's sparse IFDs), not viewed in the mapping.
    private bool _reads = !source.IsMapped;

    /// <summary>True when IFD bytes are views of the mapping (so prefetch hints apply).</summary>
    public bool IsMapped => !_reads;

    /// <summary>Forgets the pread window: a writer patches the last next-pointer when it links a new frame.</summary>
    public void Invalidate() => _windowOffset = -1;

    /// <summary>Forgets the window and gives its buffer back to the pool: an open reader keeps no scratch between walks.</summary>
    public void Release()
    {
        _windowOffset = -1;
        if (_scratch is { } scratch)
        {
            _scratch = null;
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// For the pread backend, makes the window hold the IFD at <paramref name="offset"/> (its first
    /// <see cref="WindowSize"/> bytes at least): kept when it already does, else read from that offset, in one batch of
    /// many IFDs when the IFDs lie <paramref name="stride"/> bytes apart and that is small (0: unknown).
    /// </summary>
    public void LoadIfd(long offset, long length, long stride)
    {
        _reads = !_source.IsMapped || (stride > 0 && !_source.ReusesMapping && (stride >= SparseStride || !_source.MapsCheaply));
        if (!_reads)
        {
            return;
        }

        var want = Math.Min(WindowSize, length - offset);
        if (_windowOffset >= 0 && offset >= _windowOffset && offset + want <= _windowOffset + _windowLength)
        {
            return;
        }

        if (stride is > 0 and <= MaxBatchStride)
        {
            Load(offset, (int)Math.Min(BatchSize, length - offset));
            return;
        }

        var started = Stopwatch.GetTimestamp();
        Load(offset, (int)want);
        if (stride <= 0)
        {
            return;
        }

        if (_slowReads < ColdReadsInARow)
        {
            var slow = (Stopwatch.GetTimestamp() - started) * 1e9 / Stopwatch.Frequency > ColdReadNanoseconds;
            _slowReads = slow ? _slowReads + 1 : 0;
        }

        if (_slowReads >= ColdReadsInARow)
        {
            AdviseAhead(offset, stride, length);
        }
    }

    /// <summary>Bytes [offset, offset + count): from the mapping, or from the window (re-read when it does not hold them).</summary>
    public ReadOnlySpan<byte> Get(long offset, int count)
    {
        if (!_reads)
        {
            return _source.GetSpan(offset, count, default);
        }

        if (offset < _windowOffset || offset + count > _windowOffset + _windowLength)
        {
            Load(offset, count);
        }

        return _scratch.AsSpan((int)(offset - _windowOffset), count);
    }

    /// <summary>Bytes [at, at + count): from the mapping, from the current pread window, or read into <paramref name="fallback"/>.</summary>
    public ReadOnlySpan<byte> Bytes(long at, int count, Span<byte> fallback)
    {
        if (!_reads)
        {
            return _source.GetSpan(at, count, default);
        }

        if (_windowOffset >= 0 && at >= _windowOffset && at + count <= _windowOffset + _windowLength)
        {
            return _scratch.AsSpan((int)(at - _windowOffset), count);
        }

        var bytes = fallback[..count];
        _source.ReadUnmapped(at, bytes);
        return bytes;
    }

    /// <summary>Hints the mapped bytes [at, at + count) into the cache (mapped backend only; the caller checks).</summary>
    public void Prefetch(long at, int count) => Memory.Prefetch.Region(_source.GetSpan(at, count, default));

    /// <summary>Requests the IFDs predicted 1 to <see cref="ColdAheadIfds"/> strides past <paramref name="offset"/> not requested yet.</summary>
    private void AdviseAhead(long offset, long stride, long length)
    {
        var first = _advisedTo <= offset ? 1 : ((_advisedTo - offset) / stride) + 1;
        for (var k = first; k <= ColdAheadIfds; k++)
        {
            var at = offset + (k * stride);
            if (at >= length)
            {
                break;
            }

            _source.AdviseWillNeed(at, Math.Min(WindowSize, length - at));
            _advisedTo = at;
        }
    }

    /// <summary>
    /// Reads [offset, offset + count) into the window with pread, also for a mapped file
    /// (<see cref="FileSource.ReadUnmapped"/>): nothing is asked ahead beyond the kernel's own read-ahead. For one IFD or a search nothing more is needed; batches
    /// of IFDs are read in a row, which the kernel's read-ahead follows, and also asking 32 MiB ahead (WILLNEED, what
    /// pixel reads do) made a cold <c>info</c> of 100 000 IFDs 10 KB apart slower: medians of 11 cold runs, 356 against
    /// 244 ms, with <c>dd</c> reading the whole file in 217 ms.
    /// </summary>
    private void Load(long offset, int count)
    {
        if (_scratch is null || _scratch.Length < count)
        {
            Release();
            _scratch = ArrayPool<byte>.Shared.Rent(Math.Max(ScratchSize, count));
        }

        _windowOffset = -1;
        _source.ReadUnmapped(offset, _scratch.AsSpan(0, count));
        _windowOffset = offset;
        _windowLength = count;
    }
}
