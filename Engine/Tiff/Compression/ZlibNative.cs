namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// The zlib (zlib-ng in .NET 10) that ships inside the runtime as System.IO.Compression.Native, called directly.
/// .NET 10 has no span-based one-shot inflate (no ZLibDecoder; ZLibStream allocates a stream, an inflater and
/// a 32 KiB window per use), and a TIFF frame is often 64 strips: through these exports one z_stream per thread
/// is reset between strips (inflateReset2) and reused. The exports and <see cref="ZStream"/> are the runtime's
/// own PAL (src/native/libs/System.IO.Compression.Native/pal_zlib.h); NativeAOT links the same library
/// statically and resolves this module name directly, like the BCL's own imports.
/// </summary>
internal static unsafe partial class ZlibNative
{
    private const string Library = "libSystem.IO.Compression.Native";

    public const int Ok = 0;
    public const int StreamEnd = 1;
    public const int NeedDictionary = 2;
    public const int BufferError = -5;
    public const int NoFlush = 0;
    public const int Finish = 4;

    /// <summary>zlib format (RFC 1950 header and Adler-32 trailer), 32 KiB window: what TIFF Deflate stores.</summary>
    public const int ZlibWindowBits = 15;

    public const int Deflated = 8;
    public const int DefaultMemoryLevel = 8;
    public const int DefaultStrategy = 0;

    [StructLayout(LayoutKind.Sequential)]
    public struct ZStream
    {
        public byte* NextIn;
        public byte* NextOut;
        public sbyte* Message;
        public nint InternalState;
        public uint AvailIn;
        public uint AvailOut;
    }

    [LibraryImport(Library, EntryPoint = "CompressionNative_InflateInit2_")]
    public static partial int InflateInit2(ZStream* stream, int windowBits);

    [LibraryImport(Library, EntryPoint = "CompressionNative_InflateReset2_")]
    public static partial int InflateReset2(ZStream* stream, int windowBits);

    [LibraryImport(Library, EntryPoint = "CompressionNative_Inflate")]
    public static partial int Inflate(ZStream* stream, int flush);

    [LibraryImport(Library, EntryPoint = "CompressionNative_InflateEnd")]
    public static partial int InflateEnd(ZStream* stream);

    [LibraryImport(Library, EntryPoint = "CompressionNative_DeflateInit2_")]
    public static partial int DeflateInit2(ZStream* stream, int level, int method, int windowBits, int memLevel, int strategy);

    [LibraryImport(Library, EntryPoint = "CompressionNative_Deflate")]
    public static partial int Deflate(ZStream* stream, int flush);

    [LibraryImport(Library, EntryPoint = "CompressionNative_DeflateEnd")]
    public static partial int DeflateEnd(ZStream* stream);

    /// <summary>zlib's message for the last error, or the code.</summary>
    public static string Describe(ZStream* stream, int code) =>
        stream->Message is null ? $"zlib error {code}" : new string(stream->Message);
}
