using System.Buffers;

namespace ScanImageTiff.Reading;

/// <summary>
/// Where <see cref="DescriptionBatch"/> finds each description: a view of the mapping, or a slice of the last pread,
/// which covers every following description that lies close enough (<see cref="DescriptionBatch.WindowLength"/>).
/// </summary>
internal sealed class DescriptionWindow(ScanImageTiffReader reader) : IDisposable
{
    private byte[]? _buffer;
    private long _start = -1;
    private int _length;

    /// <summary>
    /// Frame <paramref name="i"/>'s stored description bytes, read with the ones after it up to <paramref name="end"/>
    /// when they lie close; false for a description larger than a window, which the caller reads on its own (the
    /// window is then forgotten). An absent description is an empty span.
    /// </summary>
    public bool TryGet(int i, int end, out ReadOnlySpan<byte> stored)
    {
        var table = reader.Table;
        var length = table.DescriptionLengths[i];
        stored = default;
        if (length <= 0)
        {
            return true;
        }

        if (reader.Source.IsMapped)
        {
            stored = reader.GetDescriptionSpan(i, default);
            return true;
        }

        var at = table.DescriptionOffsets[i];
        if (_start < 0 || at < _start || at + length > _start + _length)
        {
            _length = DescriptionBatch.WindowLength(table, i, end);
            if (_length == 0)
            {
                _start = -1;
                return false;
            }

            _buffer ??= ArrayPool<byte>.Shared.Rent(DescriptionBatch.WindowBytes);
            _start = -1;
            reader.Source.ReadStructure(at, _buffer.AsSpan(0, _length));
            _start = at;
        }

        stored = _buffer.AsSpan((int)(at - _start), length);
        return true;
    }

    /// <summary>Gives the buffer back to the pool.</summary>
    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
