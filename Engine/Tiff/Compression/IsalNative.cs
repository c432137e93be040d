namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// Intel ISA-L's igzip inflate (isa-l/igzip_lib.h, libisal.so.2), resolved at run time like
/// <see cref="LibdeflateNative"/>. <c>struct inflate_state</c> is allocated natively with the size and the field
/// offsets that the 2.30 header gives (checked by a C program compiled against the header, see
/// bench/compressed.sh); only the leading stream fields and <c>crc_flag</c> are touched from here.
/// </summary>
internal static unsafe class IsalNative
{
    /// <summary>sizeof(struct inflate_state) in ISA-L 2.30 (x86-64 and aarch64: the struct holds no pointers past next_in).</summary>
    public const int StateSize = 87368;

    public const int CrcFlagOffset = 21172;

    /// <summary>crc_flag: parse the zlib header and verify the Adler-32 trailer.</summary>
    public const uint Zlib = 3;

    public const int DecompOk = 0;
    public const int EndInput = 1;
    public const int OutOverflow = 2;
    public const int IncorrectChecksum = -6;

    /// <summary>The leading fields of struct inflate_state (offsets 0, 8, 12, 16, 24, 32).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct StreamFields
    {
        public byte* NextOut;
        public uint AvailOut;
        public uint TotalOut;
        public byte* NextIn;
        public ulong ReadIn;
        public uint AvailIn;
    }

    private static readonly delegate* unmanaged<void*, void> s_init;
    private static readonly delegate* unmanaged<void*, int> s_stateless;

    static IsalNative()
    {
        if (!NativeImports.TryLoad(["libisal.so.2", "libisal.so", "libisal.2.dylib", "isa-l.dll"], out var library)
            || !NativeLibrary.TryGetExport(library, "isal_inflate_init", out var init)
            || !NativeLibrary.TryGetExport(library, "isal_inflate_stateless", out var stateless))
        {
            return;
        }

        s_init = (delegate* unmanaged<void*, void>)init;
        s_stateless = (delegate* unmanaged<void*, int>)stateless;
    }

    public static bool IsAvailable => s_stateless != null;

    public static void InflateInit(void* state) => s_init(state);

    /// <summary>One-shot inflate of next_in into next_out (which must hold the whole output).</summary>
    public static int InflateStateless(void* state) => s_stateless(state);

    public static string Describe(int code) => code switch
    {
        EndInput => "input ends before the stream",
        OutOverflow => "output larger than the strip",
        -1 => "invalid block",
        -2 => "invalid symbol",
        -3 => "invalid lookback distance",
        -4 => "invalid zlib header",
        -5 => "not a Deflate stream",
        IncorrectChecksum => "Adler-32 mismatch",
        _ => $"ISA-L error {code}",
    };
}
