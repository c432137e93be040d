namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// The inflate implementations a Deflate strip can be decoded with, in order of preference: the native ones fastest
/// first (ISA-L led libdeflate by 3–6 % per core in bench/compressed.sh, 2026-12-05), then the managed fallback.
/// </summary>
internal enum DeflateBackend
{
    /// <summary>Intel ISA-L's igzip (libisal2), one-shot stateless inflate.</summary>
    Isal,

    /// <summary>libdeflate (Debian's libdeflate0, which libtiff itself links): one-shot whole-buffer inflate.</summary>
    Libdeflate,

    /// <summary>The runtime's own zlib-ng (System.IO.Compression.Native), one reset z_stream per thread.</summary>
    ZlibNg,

    /// <summary>
    /// <see cref="ManagedInflater"/>, this project's own decoder: always present, allocates nothing per strip. Last, as
    /// the portable fallback that replaced ZLibStream: under the JIT 0.81–0.86× ISA-L and 1.10–1.24× zlib-ng per core
    /// on bench/compressed.sh's zip.tif (Engine.Benchmarks InflateStrips, 2026-12-05), but only zlib-ng's speed in the
    /// NativeAOT sitiff built for baseline x64, and new.
    /// </summary>
    Managed,
}
