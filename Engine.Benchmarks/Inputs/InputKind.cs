namespace ScanImageTiff.Benchmarks.Inputs;

/// <summary>
/// The benchmark input files (the <c>[Params]</c> value of every benchmark class). Full sizes are
/// below; <c>SITIFF_BENCH_SMOKE=1</c> shrinks each to a few frames (see <see cref="InputCatalog"/>).
/// </summary>
public enum InputKind
{
    /// <summary>(a) 1 000 frames 512×512 int16, classic TIFF (~0.5 GB), 2000-char frame descriptions, no ScanImage block (classic cannot hold one).</summary>
    A1kClassic,

    /// <summary>(a) 1 000 frames 512×512 int16, BigTIFF in ScanImage 2016+ layout (~0.5 GB).</summary>
    A1kBig,

    /// <summary>(b) 12 000 frames 512×512 int16, BigTIFF ScanImage layout (~6.3 GB, more than any .NET array holds).</summary>
    B12kBig,

    /// <summary>(c) 100 000 frames 64×64 int16, BigTIFF ScanImage layout (~1 GB; per-frame overhead dominates).</summary>
    C100kSmall,
}
