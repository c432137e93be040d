namespace ScanImageTiff.Tiff.Compression;

/// <summary>Compresses one strip for the writer. Instances keep their state between calls and are not thread-safe.</summary>
internal interface IStripEncoder
{
    /// <summary>The most bytes <see cref="Encode"/> can write for <paramref name="sourceLength"/> input bytes in rows of <paramref name="rowBytes"/>.</summary>
    int MaxEncodedLength(int sourceLength, int rowBytes);

    /// <summary>
    /// Compresses <paramref name="source"/> (whole rows of <paramref name="rowBytes"/>) into <paramref name="destination"/>
    /// (at least <see cref="MaxEncodedLength"/> bytes); returns the bytes written.
    /// </summary>
    int Encode(ReadOnlySpan<byte> source, int rowBytes, Span<byte> destination);
}
