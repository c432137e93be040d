namespace ScanImageTiff;

/// <summary>Collects the out-of-line values of one IFD that <see cref="TiffStackWriter"/> writes.</summary>
internal struct IfdExtraWriter()
{
    private byte[] _bytes = [];

    public int Length { get; private set; }

    public readonly ReadOnlySpan<byte> Span => _bytes.AsSpan(0, Length);

    public IfdEntry Add(ushort tag, ushort type, long count, byte[] data)
    {
        if (_bytes.Length < Length + data.Length + 2)
        {
            Array.Resize(ref _bytes, Math.Max(Length + data.Length + 2, _bytes.Length * 2));
        }

        var start = Length;
        data.CopyTo(_bytes, start);
        Length += data.Length + (data.Length & 1);
        return new IfdEntry(tag, type, count, 0, start, data.Length, -1);
    }
}
