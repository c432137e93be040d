namespace ScanImageTiff.Cli.Pixels;

/// <summary>Receives the selected samples as little-endian bytes, in order.</summary>
internal interface IByteSink
{
    void Write(ReadOnlySpan<byte> bytes);
}
