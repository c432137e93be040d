using Microsoft.Win32.SafeHandles;

namespace ScanImageTiff;

/// <summary>
/// Writes a stack's bytes for <see cref="TiffStackWriter"/>: appends in file order, and the links (next-IFD
/// pointers) that make appended frames reachable. Unbuffered, every write goes to the file at once, so a reader in
/// another process sees each frame as soon as it is linked. Buffered (exports and conversions, which no one follows),
/// appends collect in one buffer that one system call writes when it is full: 100 000 frames of 8 KiB took three
/// writes each. A link into bytes still in the buffer is patched there; a link into bytes already written waits until
/// the buffer is written, so even then no reader reaches a frame whose bytes are not in the file.
/// </summary>
internal sealed class FileAppender
{
    private readonly SafeFileHandle _handle;
    private readonly byte[]? _buffer;
    private readonly byte[] _link = new byte[8];
    private long _bufferStart;
    private int _length;
    private long _linkAt = -1;
    private int _linkSize;

    /// <param name="handle">The file.</param>
    /// <param name="start">Where the first append goes (the end of what was written before).</param>
    /// <param name="bufferBytes">0 for no buffer; appends this large or larger are written directly.</param>
    public FileAppender(SafeFileHandle handle, long start, int bufferBytes)
    {
        _handle = handle;
        _bufferStart = start;
        _buffer = bufferBytes > 0 ? GC.AllocateUninitializedArray<byte>(bufferBytes) : null;
    }

    /// <summary>Writes <paramref name="bytes"/> at <paramref name="offset"/>, at or after the end of every earlier append (a gap reads as zeros).</summary>
    public void Append(ReadOnlySpan<byte> bytes, long offset)
    {
        if (_buffer is null)
        {
            RandomAccess.Write(_handle, bytes, offset);
            return;
        }

        var end = _bufferStart + _length;
        if (offset < end)
        {
            throw new InvalidOperationException($"append at {offset} before the end of the bytes appended ({end})");
        }

        if (offset - end + bytes.Length > _buffer.Length - _length)
        {
            Flush();
            _bufferStart = offset;
            if (bytes.Length >= _buffer.Length)
            {
                RandomAccess.Write(_handle, bytes, offset);
                _bufferStart = offset + bytes.Length;
                return;
            }

            end = offset;
        }

        var gap = (int)(offset - end);
        _buffer.AsSpan(_length, gap).Clear();
        bytes.CopyTo(_buffer.AsSpan(_length + gap));
        _length += gap + bytes.Length;
    }

    /// <summary>
    /// Writes <paramref name="pointer"/> at <paramref name="position"/>, inside bytes appended before, once every
    /// byte appended so far is in the file (at once when unbuffered).
    /// </summary>
    public void Link(long position, ReadOnlySpan<byte> pointer)
    {
        if (_buffer is null)
        {
            RandomAccess.Write(_handle, pointer, position);
            return;
        }

        if (position >= _bufferStart)
        {
            pointer.CopyTo(_buffer.AsSpan((int)(position - _bufferStart)));
            return;
        }

        if (_linkAt >= 0)
        {
            // Cannot happen (a flush writes the waiting link before the bytes holding the next one leave the buffer);
            // if it did, writing everything first keeps the order safe.
            Flush();
        }

        _linkAt = position;
        _linkSize = pointer.Length;
        pointer.CopyTo(_link);
    }

    /// <summary>Writes the buffer, then the link that waited for it.</summary>
    public void Flush()
    {
        if (_buffer is null)
        {
            return;
        }

        if (_length > 0)
        {
            RandomAccess.Write(_handle, _buffer.AsSpan(0, _length), _bufferStart);
            _bufferStart += _length;
            _length = 0;
        }

        if (_linkAt >= 0)
        {
            RandomAccess.Write(_handle, _link.AsSpan(0, _linkSize), _linkAt);
            _linkAt = -1;
        }
    }
}
