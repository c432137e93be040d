namespace ScanImageTiff.Benchmarks.Suites;

/// <summary>A write-only sink that reads every 64th byte it is given, like the C strip loop, so the bytes are used.</summary>
internal sealed class SummingStream : Stream
{
    public long Sum { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        long sum = 0;
        for (var i = 0; i < buffer.Length; i += 64)
        {
            sum += buffer[i];
        }

        Sum += sum;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
