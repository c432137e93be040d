namespace ScanImageTiff.Tiff;

/// <summary>
/// The 16-byte ScanImage header at byte 16 of a 2016+ BigTIFF file (magic 117637889, version, section
/// lengths including their NULs), validated against the file length at open.
/// </summary>
internal sealed record ScanImageBlock(int Version, long Section0Offset, long Section0Length, long Section1Offset, long Section1Length)
{
    public const uint Magic = 117637889;
    public const int Offset = 16;
    public const int Size = 16;
}
