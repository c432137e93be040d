using System.Runtime.InteropServices;

namespace ScanImageTiff.Tests.Tiff;

/// <summary>Sample patterns whose values are known without asking the engine, and a type switch.</summary>
internal static class Samples
{
    public static PixelType[] AllTypes { get; } = Enum.GetValues<PixelType>();

    /// <summary>
    /// <paramref name="count"/> samples of <paramref name="type"/> as native (little-endian) bytes. No two bytes
    /// of one sample are equal, and samples differ from each other and between seeds, so a missing or doubled
    /// byte swap, a strip read from the wrong place or a shifted row all change the result.
    /// </summary>
    public static byte[] Pattern(PixelType type, int count, int seed)
    {
        var size = Size(type);
        var bytes = new byte[count * size];
        for (var i = 0; i < count; i++)
        {
            for (var k = 0; k < size; k++)
            {
                bytes[(i * size) + k] = (byte)((seed * 101) + (i * 7) + (k * 29) + 1);
            }
        }

        return bytes;
    }

    public static T[] Values<T>(int count, int seed)
        where T : unmanaged =>
        MemoryMarshal.Cast<byte, T>(Pattern(TypeOf<T>(), count, seed)).ToArray();

    /// <summary>Bytes per sample, from the test's own table (not the engine's).</summary>
    public static int Size(PixelType type) => type switch
    {
        PixelType.UInt8 or PixelType.Int8 => 1,
        PixelType.UInt16 or PixelType.Int16 => 2,
        PixelType.UInt32 or PixelType.Int32 or PixelType.Float32 => 4,
        _ => 8,
    };

    /// <summary>TIFF SampleFormat: 1 unsigned, 2 signed, 3 float.</summary>
    public static int Format(PixelType type) => type switch
    {
        PixelType.Float32 or PixelType.Float64 => 3,
        PixelType.Int8 or PixelType.Int16 or PixelType.Int32 or PixelType.Int64 => 2,
        _ => 1,
    };

    public static PixelType TypeOf<T>() =>
        typeof(T) == typeof(byte) ? PixelType.UInt8
        : typeof(T) == typeof(sbyte) ? PixelType.Int8
        : typeof(T) == typeof(ushort) ? PixelType.UInt16
        : typeof(T) == typeof(short) ? PixelType.Int16
        : typeof(T) == typeof(uint) ? PixelType.UInt32
        : typeof(T) == typeof(int) ? PixelType.Int32
        : typeof(T) == typeof(ulong) ? PixelType.UInt64
        : typeof(T) == typeof(long) ? PixelType.Int64
        : typeof(T) == typeof(float) ? PixelType.Float32
        : typeof(T) == typeof(double) ? PixelType.Float64
        : throw new ArgumentException(typeof(T).Name);

    public static void Run<TAction>(PixelType type, TAction action)
        where TAction : ISampleAction
    {
        switch (type)
        {
            case PixelType.UInt8: action.Run<byte>(); break;
            case PixelType.Int8: action.Run<sbyte>(); break;
            case PixelType.UInt16: action.Run<ushort>(); break;
            case PixelType.Int16: action.Run<short>(); break;
            case PixelType.UInt32: action.Run<uint>(); break;
            case PixelType.Int32: action.Run<int>(); break;
            case PixelType.UInt64: action.Run<ulong>(); break;
            case PixelType.Int64: action.Run<long>(); break;
            case PixelType.Float32: action.Run<float>(); break;
            case PixelType.Float64: action.Run<double>(); break;
            default: throw new ArgumentOutOfRangeException(nameof(type));
        }
    }

    /// <summary>The bytes of a typed span, for exact comparison (NaN patterns included).</summary>
    public static byte[] Bytes<T>(ReadOnlySpan<T> values)
        where T : unmanaged =>
        MemoryMarshal.AsBytes(values).ToArray();
}
