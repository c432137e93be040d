namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// Intel ISA-L's igzip inflate (isa-l/igzip_lib.h, libisal.so.2), resolved at run time like
/// <see cref="LibdeflateNative"/>. <c>struct inflate_state</c> is allocated natively with the size and the field
/// offsets that the 2.30 header gives (Engine.Tests' IsalLayoutTests compiles a C program against the header to
/// check them), with room to spare; only the leading stream fields and <c>crc_flag</c> are touched from here, and
/// the library is used only if a probe shows that it verifies the Adler-32 through that <c>crc_flag</c>.
/// </summary>
internal static unsafe class IsalNative
{
    /// <summary>sizeof(struct inflate_state) in ISA-L 2.30 (x86-64 and aarch64: the struct holds no pointers past next_in).</summary>
    public const int StateSize = 87368;

    public const int CrcFlagOffset = 21172;

    /// <summary>What each state is allocated with: twice the 2.30 size, so a later ISA-L with a larger state cannot write past it.</summary>
    public const int StateAllocation = 2 * StateSize;

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

    private static readonly Lazy<bool> s_available = new(Probe);

    /// <summary>True if the library loaded and inflates a known stream, refusing it with a wrong Adler-32.</summary>
    public static bool IsAvailable => s_available.Value;

    public static void InflateInit(void* state) => s_init(state);

    /// <summary>One-shot inflate of next_in into next_out (which must hold the whole output).</summary>
    public static int InflateStateless(void* state) => s_stateless(state);

    private static bool Probe()
    {
        if (s_stateless == null)
        {
            return false;
        }

        // zlib.compress(b"TIFF") from Python's zlib: header 78 9C, fixed-Huffman data, Adler-32 03 01 01 2A.
        ReadOnlySpan<byte> stream = [0x78, 0x9C, 0x0B, 0xF1, 0x74, 0x73, 0x03, 0x00, 0x03, 0x01, 0x01, 0x2A];
        Span<byte> output = stackalloc byte[4];
        var decoder = new IsalInflater();
        try
        {
            decoder.Decode(stream, output);
        }
        catch (InvalidDataException)
        {
            return false;
        }

        if (!output.SequenceEqual("TIFF"u8))
        {
            return false;
        }

        Span<byte> damaged = stackalloc byte[stream.Length];
        stream.CopyTo(damaged);
        damaged[^1] ^= 1;
        try
        {
            decoder.Decode(damaged, output);
            return false; // crc_flag is not where this build expects it: the checksum went unchecked
        }
        catch (InvalidDataException)
        {
            return true;
        }
    }

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
