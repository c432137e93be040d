using System.Buffers.Binary;

namespace ScanImageTiff.Tiff;

/// <summary>Reads integers in a file's byte order; a struct so the branch is on a field, not a virtual call.</summary>
internal readonly struct EndianReader(bool bigEndian)
{
    public bool BigEndian { get; } = bigEndian;

    public ushort U16(ReadOnlySpan<byte> b) =>
        BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b);

    public uint U32(ReadOnlySpan<byte> b) =>
        BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);

    public ulong U64(ReadOnlySpan<byte> b) =>
        BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b);
}
