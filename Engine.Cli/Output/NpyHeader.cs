using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace ScanImageTiff.Cli.Output;

/// <summary>
/// The header of a NumPy <c>.npy</c> file (format 1.0, or 2.0 when the header text exceeds 65535 bytes):
/// magic, version, header length, then a Python dict literal padded with spaces and a newline so the
/// data starts on a multiple of 64 bytes, as numpy writes it.
/// </summary>
internal static class NpyHeader
{
    /// <summary>numpy's little-endian type string: <c>&lt;i2</c>, <c>|u1</c>, <c>&lt;f4</c>...</summary>
    public static string Descr(PixelType type)
    {
        var kind = type switch
        {
            PixelType.Float32 or PixelType.Float64 => 'f',
            PixelType.Int8 or PixelType.Int16 or PixelType.Int32 or PixelType.Int64 => 'i',
            _ => 'u',
        };
        var size = type.Size();
        return $"{(size == 1 ? '|' : '<')}{kind}{size.ToString(CultureInfo.InvariantCulture)}";
    }

    public static byte[] Build(PixelType type, IReadOnlyList<long> shape)
    {
        var dims = shape.Count == 1
            ? $"({shape[0].ToString(CultureInfo.InvariantCulture)},)"
            : "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")";
        var dict = $"{{'descr': '{Descr(type)}', 'fortran_order': False, 'shape': {dims}, }}";

        // Version 1.0 has a 2-byte length; 2.0 a 4-byte one. Both pad magic + length + dict + '\n' to 64.
        var version = dict.Length + 1 + 10 <= ushort.MaxValue ? 1 : 2;
        var prefix = version == 1 ? 10 : 12;
        var total = (prefix + dict.Length + 1 + 63) / 64 * 64;
        var headerLength = total - prefix;
        var bytes = new byte[total];
        // The magic starts with byte 0x93, which a UTF-8 literal would encode as two bytes.
        bytes[0] = 0x93;
        "NUMPY"u8.CopyTo(bytes.AsSpan(1));
        bytes[6] = (byte)version;
        bytes[7] = 0;
        if (version == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLength);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)headerLength);
        }

        var text = bytes.AsSpan(prefix, headerLength);
        text.Fill((byte)' ');
        Encoding.ASCII.GetBytes(dict, text);
        text[^1] = (byte)'\n';
        return bytes;
    }
}
