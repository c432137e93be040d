namespace ScanImageTiff;

/// <summary>
/// Collects the out-of-line values of the IFD <see cref="TiffStackWriter"/> is building, in one buffer kept from
/// IFD to IFD (so writing a frame allocates nothing once it is large enough).
/// </summary>
internal sealed class IfdExtraWriter
{
    private byte[] _bytes = new byte[1024];
    private int _length;

    /// <summary>Starts the next IFD.</summary>
    public void Reset() => _length = 0;

    /// <summary>An entry whose <paramref name="data"/> is copied here.</summary>
    public IfdEntry Add(ushort tag, ushort type, long count, ReadOnlySpan<byte> data)
    {
        var entry = Reserve(tag, type, count, data.Length);
        data.CopyTo(Bytes(entry));
        return entry;
    }

    /// <summary>An entry with <paramref name="length"/> bytes here, to be filled through <see cref="Bytes"/> before the next reservation.</summary>
    public IfdEntry Reserve(ushort tag, ushort type, long count, int length)
    {
        if (_bytes.Length < _length + length + 2)
        {
            Array.Resize(ref _bytes, Math.Max(_length + length + 2, _bytes.Length * 2));
        }

        var start = _length;
        _length += length + (length & 1); // values start at even offsets here; only the values themselves are written out
        return new IfdEntry(tag, type, count, 0, start, length, -1);
    }

    /// <summary>The bytes of an entry this writer holds (valid until the next reservation).</summary>
    public Span<byte> Bytes(IfdEntry entry) => _bytes.AsSpan(entry.ExtraStart, entry.ExtraLength);
}
