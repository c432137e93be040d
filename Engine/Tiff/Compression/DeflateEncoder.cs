namespace ScanImageTiff.Tiff.Compression;

/// <summary>Deflate for the writer: one zlib stream per strip (what libtiff's ZIPEncode writes), through the runtime's zlib-ng.</summary>
internal sealed unsafe class DeflateEncoder(int level) : IStripEncoder
{
    public int MaxEncodedLength(int sourceLength, int rowBytes) =>
        checked(sourceLength + (sourceLength >> 3) + (sourceLength >> 6) + 64);

    public int Encode(ReadOnlySpan<byte> source, int rowBytes, Span<byte> destination)
    {
        // No deflateReset among the runtime's exports: a fresh stream per strip (init is cheap next to deflating).
        ZlibNative.ZStream stream = default;
        var rc = ZlibNative.DeflateInit2(&stream, level, ZlibNative.Deflated, ZlibNative.ZlibWindowBits, ZlibNative.DefaultMemoryLevel, ZlibNative.DefaultStrategy);
        if (rc != ZlibNative.Ok)
        {
            throw new InvalidOperationException($"zlib deflateInit2 failed ({rc})");
        }

        try
        {
            fixed (byte* input = source)
            fixed (byte* output = destination)
            {
                stream.NextIn = input;
                stream.AvailIn = (uint)source.Length;
                stream.NextOut = output;
                stream.AvailOut = (uint)destination.Length;
                rc = ZlibNative.Deflate(&stream, ZlibNative.Finish);
                if (rc != ZlibNative.StreamEnd)
                {
                    throw new InvalidOperationException($"zlib deflate did not finish ({ZlibNative.Describe(&stream, rc)})");
                }

                return destination.Length - (int)stream.AvailOut;
            }
        }
        finally
        {
            // A stream that finished has nothing left to report; one that failed already threw.
            _ = ZlibNative.DeflateEnd(&stream);
        }
    }
}
