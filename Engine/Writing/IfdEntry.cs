namespace ScanImageTiff;

/// <summary>One IFD entry <see cref="TiffStackWriter"/> writes: an inline scalar, bytes in the out-of-line area, or a fixed offset (Software/Artist).</summary>
internal readonly record struct IfdEntry(ushort Tag, ushort Type, long Count, long Value, int ExtraStart, int ExtraLength, long FixedOffset);
