namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// Which inflate decodes Deflate strips: the first present of ISA-L, libdeflate and the runtime's zlib-ng, else the
/// managed decoder (see <see cref="DeflateBackend"/>), probed once. <c>SITIFF_DEFLATE=libdeflate|isal|zlib|managed</c>
/// forces one (for benchmarks and for checking the fallbacks); a forced library that is absent falls back like an
/// unforced one.
/// </summary>
internal static class DeflateBackends
{
    private static readonly DeflateBackend s_default = Choose(Environment.GetEnvironmentVariable("SITIFF_DEFLATE"));
    private static volatile int s_selected = (int)s_default;

    /// <summary>The backend new decoders use; tests set it to run the same files through every present backend.</summary>
    public static DeflateBackend Selected
    {
        get => (DeflateBackend)s_selected;
        set => s_selected = (int)(IsPresent(value) ? value : s_default);
    }

    /// <summary>The backends this process can use, in order of preference (<see cref="DeflateBackend.Managed"/> always).</summary>
    public static IReadOnlyList<DeflateBackend> Present { get; } =
        [.. Enum.GetValues<DeflateBackend>().Where(IsPresent)];

    public static bool IsPresent(DeflateBackend backend) => backend switch
    {
        DeflateBackend.Libdeflate => LibdeflateNative.IsAvailable,
        DeflateBackend.Isal => IsalNative.IsAvailable,
        DeflateBackend.ZlibNg => ZlibInflater.IsAvailable,
        _ => true,
    };

    private static DeflateBackend Choose(string? forced)
    {
        DeflateBackend? wanted = forced?.ToLowerInvariant() switch
        {
            "libdeflate" => DeflateBackend.Libdeflate,
            "isal" => DeflateBackend.Isal,
            "zlib" or "zlib-ng" => DeflateBackend.ZlibNg,
            "managed" => DeflateBackend.Managed,
            _ => null,
        };
        if (wanted is { } w && IsPresent(w))
        {
            return w;
        }

        return Enum.GetValues<DeflateBackend>().First(IsPresent);
    }
}
