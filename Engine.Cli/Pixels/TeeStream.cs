namespace ScanImageTiff.Cli.Pixels;

/// <summary>
/// A write-only stream that forwards the bytes to an output it does not own (flushed, never closed, on dispose)
/// and/or a checksum.
/// </summary>
internal sealed class TeeStream(Stream? output, HashSink? hash) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush() => output?.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        output?.Write(buffer);
        hash?.Write(buffer);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            output?.Flush();
        }

        base.Dispose(disposing);
    }
}
