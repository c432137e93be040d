namespace ScanImageTiff.ScanImage;

/// <summary>Which generation of ScanImage wrote a file; decides where its metadata lives.</summary>
public enum ScanImageEra
{
    /// <summary>ScanImage 2016 and later: BigTIFF with the 16-byte ScanImage block at byte 16.</summary>
    SI2016Plus,

    /// <summary>ScanImage 2015: classic TIFF, <c>scanimage.SI.*</c> lines in every description, an appended block.</summary>
    SI2015,

    /// <summary>ScanImage 5: <c>Frame Number = …</c> lines and <c>scanimage.SI5.*</c> lines in every description.</summary>
    SI5,

    /// <summary>ScanImage 4: <c>scanimage.SI4.*</c> lines in every description.</summary>
    SI4,

    /// <summary>ScanImage 3.x: CR-separated <c>state.*=…</c> lines in every description.</summary>
    SI3,
}
