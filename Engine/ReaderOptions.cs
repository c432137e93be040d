namespace ScanImageTiff;

/// <summary>Options for <see cref="ScanImageTiffReader.Open(string, ReaderOptions?)"/>.</summary>
public sealed record ReaderOptions
{
    /// <summary>The default options: memory-mapped, no frame limit.</summary>
    public static ReaderOptions Default { get; } = new();

    /// <summary>How the file's bytes are read (default <see cref="ReadBackend.Mapped"/>).</summary>
    public ReadBackend Backend { get; init; } = ReadBackend.Mapped;

    /// <summary>
    /// Reuse the mapping of an unchanged file (same device, inode, size, change and modification time) that this process
    /// opened recently, instead of mapping it again (default true). Building page tables, not parsing,
    /// dominates reopening a file with many frames; see <see cref="ScanImageTiffReader.ReleaseSharedMappings"/>.
    /// </summary>
    public bool ShareMappings { get; init; } = true;

    /// <summary>Refuse files with more IFDs than this (default: no practical limit).</summary>
    public int MaxFrames { get; init; } = Array.MaxLength;

    /// <summary>How the IFD chain is walked at open (tests and the fuzzer force the serial or the parallel walk).</summary>
    internal Tiff.IndexWalk Walk { get; init; }
}
