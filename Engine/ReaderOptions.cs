namespace ScanImageTiff;

/// <summary>Options for <see cref="ScanImageTiffReader.Open(string, ReaderOptions?)"/>.</summary>
public sealed record ReaderOptions
{
    /// <summary>The default options: memory-mapped, no frame limit.</summary>
    public static ReaderOptions Default { get; } = new();

    /// <summary>How the file's bytes are read (default <see cref="ReadBackend.Mapped"/>).</summary>
    public ReadBackend Backend { get; init; } = ReadBackend.Mapped;

    /// <summary>Refuse files with more IFDs than this (default: no practical limit).</summary>
    public int MaxFrames { get; init; } = Array.MaxLength;
}
