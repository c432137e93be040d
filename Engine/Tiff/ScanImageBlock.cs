using System.Buffers.Binary;

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

    /// <summary>
    /// The block in <paramref name="head"/> (the file's first <see cref="Offset"/> + <see cref="Size"/> bytes), or null
    /// when there is none; throws <see cref="TiffFormatException"/> when its sections overrun <paramref name="length"/>.
    /// </summary>
    public static ScanImageBlock? Read(ReadOnlySpan<byte> head, long length)
    {
        if (head.Length < Offset + Size || BinaryPrimitives.ReadUInt32LittleEndian(head[Offset..]) != Magic)
        {
            return null;
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(head[20..]);
        long n0 = BinaryPrimitives.ReadUInt32LittleEndian(head[24..]);
        long n1 = BinaryPrimitives.ReadUInt32LittleEndian(head[28..]);
        const long start = Offset + Size;
        if (start + n0 + n1 > length)
        {
            throw new TiffFormatException($"ScanImage metadata block lengths ({n0} + {n1} bytes from offset {start}) exceed the file length {length}", 24);
        }

        return new ScanImageBlock((int)Math.Min(version, int.MaxValue), start, n0, start + n0, n1);
    }
}
