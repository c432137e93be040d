using ScanImageTiff.Memory;

namespace ScanImageTiff.Tiff;

/// <summary>
/// The bytes of the IFD being indexed, from either backend: a span of the mapping, or for the pread backend
/// a window of bytes read once, so the count, the entries, the next pointer and nearby out-of-line values of
/// one IFD come from one read.
/// </summary>
internal sealed class IfdWindow(FileSource source)
{
    private const int ScratchSize = 64 * 1024;

    // One pread of this many bytes covers a ScanImage IFD (376 bytes) with its out-of-line values and most classic
    // IFDs (a larger IFD or a value further out is read on demand). Descriptions are not read while indexing, and
    // each byte more is copied once per IFD: 4 KiB windows made the copy a fifth of `sitiff info` on 100 000 IFDs.
    private const int WindowSize = 1024;

    private readonly FileSource _source = source;
    private byte[]? _scratch;
    private long _windowOffset = -1;
    private int _windowLength;

    public bool IsMapped => _source.IsMapped;

    /// <summary>Forgets the pread window: a writer patches the last next-pointer when it links a new frame.</summary>
    public void Invalidate() => _windowOffset = -1;

    /// <summary>For the pread backend, reads the window that starts at the IFD at <paramref name="offset"/>.</summary>
    public void LoadIfd(long offset, long length)
    {
        if (!_source.IsMapped)
        {
            Load(offset, (int)Math.Min(WindowSize, length - offset));
        }
    }

    /// <summary>Bytes [offset, offset + count): from the mapping, or from the window (re-read when it does not hold them).</summary>
    public ReadOnlySpan<byte> Get(long offset, int count)
    {
        if (_source.IsMapped)
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
        if (_source.IsMapped)
        {
            return _source.GetSpan(at, count, default);
        }

        if (_windowOffset >= 0 && at >= _windowOffset && at + count <= _windowOffset + _windowLength)
        {
            return _scratch.AsSpan((int)(at - _windowOffset), count);
        }

        return _source.GetSpan(at, count, fallback);
    }

    /// <summary>Hints the mapped bytes [at, at + count) into the cache (mapped backend only; the caller checks).</summary>
    public void Prefetch(long at, int count) => Memory.Prefetch.Region(_source.GetSpan(at, count, default));

    private void Load(long offset, int count)
    {
        if (_scratch is null || _scratch.Length < count)
        {
            _scratch = new byte[Math.Max(ScratchSize, count)];
        }

        _windowOffset = -1;
        _source.Read(offset, _scratch.AsSpan(0, count));
        _windowOffset = offset;
        _windowLength = count;
    }
}
