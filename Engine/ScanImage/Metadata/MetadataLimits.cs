namespace ScanImageTiff.ScanImage;

/// <summary>
/// Caps on what the metadata text of a file can make the parsers build. Each one is listed, with its
/// reason, in the README section "Untrusted files: what a file can make the reader do".
/// </summary>
internal static class MetadataLimits
{
    /// <summary>
    /// Deepest struct nesting: dotted key segments in MATLAB text (deeper segments stay one literal field
    /// name, so the value is kept and still found by its key), and object/array nesting in JSON (deeper JSON is
    /// rejected as malformed). Real files nest fewer than 10 levels.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>Largest struct-array index honoured in a <c>name__N</c> segment.</summary>
    public const int MaxStructArrayIndex = 1 << 16;
}
