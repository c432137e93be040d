namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// Decodes one compressed strip or tile, span to span. An instance keeps its working state (tables, native
/// streams) between calls, so a worker thread that decodes thousands of strips allocates once; instances are
/// not thread-safe (see <see cref="StripCodecs"/> for one set per thread).
/// </summary>
internal interface IStripDecoder
{
    /// <summary>
    /// Decodes <paramref name="source"/> into exactly <paramref name="destination"/>: the caller sizes it from
    /// the layout, never from the stream.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// The stream is corrupt, ends before <paramref name="destination"/> is full, or holds more than it (the caller
    /// adds the strip's file offset and turns this into a <see cref="TiffFormatException"/>).
    /// </exception>
    void Decode(ReadOnlySpan<byte> source, Span<byte> destination);
}
