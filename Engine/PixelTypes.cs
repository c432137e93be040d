namespace ScanImageTiff;

/// <summary>Names, sizes and CLR types of <see cref="PixelType"/> values.</summary>
public static class PixelTypes
{
    /// <summary>numpy's dtype name: <c>uint8</c>, <c>int16</c>, <c>float32</c>, ...</summary>
    public static string NumpyName(this PixelType type) => type switch
    {
        PixelType.UInt8 => "uint8",
        PixelType.Int8 => "int8",
        PixelType.UInt16 => "uint16",
        PixelType.Int16 => "int16",
        PixelType.UInt32 => "uint32",
        PixelType.Int32 => "int32",
        PixelType.UInt64 => "uint64",
        PixelType.Int64 => "int64",
        PixelType.Float32 => "float32",
        PixelType.Float64 => "float64",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>ScanImageTiffReader's short name: <c>u8</c>, <c>i16</c>, <c>f32</c>, ...</summary>
    public static string ShortName(this PixelType type) => type switch
    {
        PixelType.UInt8 => "u8",
        PixelType.Int8 => "i8",
        PixelType.UInt16 => "u16",
        PixelType.Int16 => "i16",
        PixelType.UInt32 => "u32",
        PixelType.Int32 => "i32",
        PixelType.UInt64 => "u64",
        PixelType.Int64 => "i64",
        PixelType.Float32 => "f32",
        PixelType.Float64 => "f64",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Bytes per sample.</summary>
    public static int Size(this PixelType type) => type switch
    {
        PixelType.UInt8 or PixelType.Int8 => 1,
        PixelType.UInt16 or PixelType.Int16 => 2,
        PixelType.UInt32 or PixelType.Int32 or PixelType.Float32 => 4,
        PixelType.UInt64 or PixelType.Int64 or PixelType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The CLR type whose values have this pixel type (<see cref="short"/> for Int16, ...).</summary>
    public static Type ClrType(this PixelType type) => type switch
    {
        PixelType.UInt8 => typeof(byte),
        PixelType.Int8 => typeof(sbyte),
        PixelType.UInt16 => typeof(ushort),
        PixelType.Int16 => typeof(short),
        PixelType.UInt32 => typeof(uint),
        PixelType.Int32 => typeof(int),
        PixelType.UInt64 => typeof(ulong),
        PixelType.Int64 => typeof(long),
        PixelType.Float32 => typeof(float),
        PixelType.Float64 => typeof(double),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Parses a numpy name (<c>int16</c>) or a short name (<c>i16</c>).</summary>
    public static bool TryParse(string? name, out PixelType type)
    {
        foreach (var candidate in Enum.GetValues<PixelType>())
        {
            if (string.Equals(name, candidate.NumpyName(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, candidate.ShortName(), StringComparison.OrdinalIgnoreCase))
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }

    /// <summary>The pixel type whose CLR type is <typeparamref name="T"/>, or null.</summary>
    public static PixelType? Of<T>()
        where T : unmanaged
    {
        if (typeof(T) == typeof(byte)) return PixelType.UInt8;
        if (typeof(T) == typeof(sbyte)) return PixelType.Int8;
        if (typeof(T) == typeof(ushort)) return PixelType.UInt16;
        if (typeof(T) == typeof(short)) return PixelType.Int16;
        if (typeof(T) == typeof(uint)) return PixelType.UInt32;
        if (typeof(T) == typeof(int)) return PixelType.Int32;
        if (typeof(T) == typeof(ulong)) return PixelType.UInt64;
        if (typeof(T) == typeof(long)) return PixelType.Int64;
        if (typeof(T) == typeof(float)) return PixelType.Float32;
        if (typeof(T) == typeof(double)) return PixelType.Float64;
        return null;
    }

    /// <summary>Maps TIFF BitsPerSample + SampleFormat to a pixel type, or null when there is none.</summary>
    internal static PixelType? FromTiff(int bitsPerSample, int sampleFormat) => (bitsPerSample, sampleFormat) switch
    {
        (8, 1) => PixelType.UInt8,
        (8, 2) => PixelType.Int8,
        (16, 1) => PixelType.UInt16,
        (16, 2) => PixelType.Int16,
        (32, 1) => PixelType.UInt32,
        (32, 2) => PixelType.Int32,
        (64, 1) => PixelType.UInt64,
        (64, 2) => PixelType.Int64,
        (32, 3) => PixelType.Float32,
        (64, 3) => PixelType.Float64,
        _ => null,
    };

    /// <summary>TIFF BitsPerSample and SampleFormat for a pixel type.</summary>
    internal static (ushort Bits, ushort Format) ToTiff(this PixelType type) => type switch
    {
        PixelType.Float32 or PixelType.Float64 => ((ushort)(type.Size() * 8), 3),
        PixelType.Int8 or PixelType.Int16 or PixelType.Int32 or PixelType.Int64 => ((ushort)(type.Size() * 8), 2),
        _ => ((ushort)(type.Size() * 8), 1),
    };
}
