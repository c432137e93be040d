namespace ScanImageTiff.Cli.Pixels;

/// <summary>Writes the bytes to a stream, optionally feeding a checksum on the way.</summary>
internal sealed class StreamSink(Stream stream, IByteSink? also = null) : IByteSink
{
    public long BytesWritten { get; private set; }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        stream.Write(bytes);
        also?.Write(bytes);
        BytesWritten += bytes.Length;
    }
}
