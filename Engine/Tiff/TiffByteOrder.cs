namespace ScanImageTiff;

/// <summary>Byte order of a TIFF file's structures and samples.</summary>
public enum TiffByteOrder
{
    /// <summary><c>II</c>: little-endian (what ScanImage writes).</summary>
    LittleEndian,

    /// <summary><c>MM</c>: big-endian.</summary>
    BigEndian,
}
