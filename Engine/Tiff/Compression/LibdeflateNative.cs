namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// libdeflate (libdeflate.h, 1.x ABI), resolved at run time with <see cref="NativeLibrary"/> so that the package
/// needs nothing at link time and NativeAOT stays warning-free; absent, Deflate falls back to zlib-ng. Debian's
/// libtiff6 depends on libdeflate0, so wherever libtiff is installed this is too.
/// </summary>
internal static unsafe class LibdeflateNative
{
    public const int Success = 0;
    public const int BadData = 1;
    public const int ShortOutput = 2;
    public const int InsufficientSpace = 3;

    private static readonly delegate* unmanaged<nint> s_alloc;
    private static readonly delegate* unmanaged<nint, void> s_free;
    private static readonly delegate* unmanaged<nint, byte*, nuint, byte*, nuint, nuint*, nuint*, int> s_zlibDecompress;

    static LibdeflateNative()
    {
        if (!NativeImports.TryLoad(["libdeflate.so.0", "libdeflate.so", "libdeflate.0.dylib", "libdeflate.dll"], out var library)
            || !NativeLibrary.TryGetExport(library, "libdeflate_alloc_decompressor", out var alloc)
            || !NativeLibrary.TryGetExport(library, "libdeflate_free_decompressor", out var free)
            || !NativeLibrary.TryGetExport(library, "libdeflate_zlib_decompress_ex", out var decompress))
        {
            return;
        }

        s_alloc = (delegate* unmanaged<nint>)alloc;
        s_free = (delegate* unmanaged<nint, void>)free;
        s_zlibDecompress = (delegate* unmanaged<nint, byte*, nuint, byte*, nuint, nuint*, nuint*, int>)decompress;
    }

    public static bool IsAvailable => s_zlibDecompress != null;

    /// <summary>A decompressor (about 10 KiB of tables), or 0 when out of memory.</summary>
    public static nint AllocDecompressor() => s_alloc();

    public static void FreeDecompressor(nint decompressor) => s_free(decompressor);

    /// <summary>
    /// Inflates one zlib stream (header, Deflate data, Adler-32, which libdeflate checks); <paramref name="consumed"/>
    /// and <paramref name="written"/> are set on success.
    /// </summary>
    public static int ZlibDecompress(nint decompressor, byte* source, nuint length, byte* destination, nuint capacity, out nuint consumed, out nuint written)
    {
        nuint inBytes = 0, outBytes = 0;
        var rc = s_zlibDecompress(decompressor, source, length, destination, capacity, &inBytes, &outBytes);
        consumed = inBytes;
        written = outBytes;
        return rc;
    }
}
