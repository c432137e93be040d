namespace ScanImageTiff.Tiff.Compression;

/// <summary>The inflate implementations a Deflate strip can be decoded with, fastest first (ISA-L led libdeflate by 3–6 % per core in bench/compressed.sh, 2026-12-05).</summary>
internal enum DeflateBackend
{
    /// <summary>Intel ISA-L's igzip (libisal2), one-shot stateless inflate.</summary>
    Isal,

    /// <summary>libdeflate (Debian's libdeflate0, which libtiff itself links): one-shot whole-buffer inflate.</summary>
    Libdeflate,

    /// <summary>The runtime's own zlib-ng (System.IO.Compression.Native), one reset z_stream per thread.</summary>
    ZlibNg,

    /// <summary>ZLibStream: allocates per strip, needs nothing outside the BCL.</summary>
    Stream,
}
