namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// Deflate strips through libdeflate's one-shot zlib decompressor, one per instance (per thread), freed by the
/// finalizer. libdeflate checks the Adler-32 trailer, as zlib does for libtiff without libdeflate, and as libtiff
/// does with it (tif_zip.c reports any result but success as a decoding error).
/// </summary>
internal sealed unsafe class LibdeflateInflater : IStripDecoder
{
    private readonly nint _decompressor;

    public LibdeflateInflater()
    {
        _decompressor = LibdeflateNative.AllocDecompressor();
        if (_decompressor == 0)
        {
            throw new InvalidOperationException("libdeflate_alloc_decompressor failed (out of memory)");
        }
    }

    ~LibdeflateInflater() => LibdeflateNative.FreeDecompressor(_decompressor);

    public void Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int rc;
        nuint written;
        fixed (byte* input = source)
        fixed (byte* output = destination)
        {
            rc = LibdeflateNative.ZlibDecompress(_decompressor, input, (nuint)source.Length, output, (nuint)destination.Length, out _, out written);
        }

        GC.KeepAlive(this);
        switch (rc)
        {
            case LibdeflateNative.Success when (int)written == destination.Length:
                return;
            case LibdeflateNative.Success:
                throw new InvalidDataException($"Deflate stream ends after {written} of {destination.Length} bytes");
            case LibdeflateNative.InsufficientSpace:
                throw new InvalidDataException($"Deflate stream holds more than the {destination.Length} bytes of its strip");
            default:
                // libdeflate does not say where: a bad code, a stream cut off before its end, or a wrong Adler-32.
                throw new InvalidDataException($"Deflate stream is corrupt or cut off (libdeflate result {rc})");
        }
    }
}
