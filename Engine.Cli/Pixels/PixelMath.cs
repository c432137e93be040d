using System.Numerics;

namespace ScanImageTiff.Cli.Pixels;

/// <summary>Sums and means of samples, vectorised for the 16-bit types every ScanImage file uses.</summary>
internal static class PixelMath
{
    /// <summary>Mean of little-endian samples of <paramref name="type"/>; NaN for no samples.</summary>
    public static double Mean(ReadOnlySpan<byte> bytes, PixelType type)
    {
        var count = bytes.Length / type.Size();
        return count == 0 ? double.NaN : Sum(bytes, type) / count;
    }

    /// <summary>Sum of little-endian samples of <paramref name="type"/> (this machine is little-endian, see <see cref="SitiffApp"/>).</summary>
    public static double Sum(ReadOnlySpan<byte> bytes, PixelType type) => type switch
    {
        PixelType.UInt8 => Sum<byte>(bytes),
        PixelType.Int8 => Sum<sbyte>(bytes),
        PixelType.UInt16 => Sum<ushort>(bytes),
        PixelType.Int16 => Sum<short>(bytes),
        PixelType.UInt32 => Sum<uint>(bytes),
        PixelType.Int32 => Sum<int>(bytes),
        PixelType.UInt64 => Sum<ulong>(bytes),
        PixelType.Int64 => Sum<long>(bytes),
        PixelType.Float32 => Sum<float>(bytes),
        PixelType.Float64 => Sum<double>(bytes),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    private static double Sum<T>(ReadOnlySpan<byte> bytes)
        where T : unmanaged, INumber<T> =>
        Sum(MemoryMarshal.Cast<byte, T>(bytes));

    /// <summary>Sum of samples: exact (64-bit integer accumulation) for integer types up to 32 bits.</summary>
    public static double Sum<T>(ReadOnlySpan<T> values)
        where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(short))
        {
            return SumInt16(MemoryMarshal.Cast<T, short>(values));
        }

        if (typeof(T) == typeof(ushort))
        {
            return SumUInt16(MemoryMarshal.Cast<T, ushort>(values));
        }

        if (typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(ulong) || typeof(T) == typeof(long))
        {
            var d = 0.0;
            foreach (var v in values)
            {
                d += double.CreateTruncating(v);
            }

            return d;
        }

        long total = 0;
        foreach (var v in values)
        {
            total += long.CreateTruncating(v);
        }

        return total;
    }

    private static long SumInt16(ReadOnlySpan<short> values)
    {
        long total = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<short>.Count)
        {
            var lanes = Vector<short>.Count;
            // Each int lane gains at most 2 * 32768 per step: flush to long well before it can overflow.
            const int block = 16384;
            while (i <= values.Length - lanes)
            {
                var acc = Vector<int>.Zero;
                var stop = Math.Min(values.Length - lanes, i + (block * lanes));
                for (; i <= stop; i += lanes)
                {
                    Vector.Widen(new Vector<short>(values[i..]), out var lo, out var hi);
                    acc += lo + hi;
                }

                total += WidenSum(acc);
            }
        }

        for (; i < values.Length; i++)
        {
            total += values[i];
        }

        return total;
    }

    private static long SumUInt16(ReadOnlySpan<ushort> values)
    {
        long total = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<ushort>.Count)
        {
            var lanes = Vector<ushort>.Count;
            const int block = 16384;
            while (i <= values.Length - lanes)
            {
                var acc = Vector<uint>.Zero;
                var stop = Math.Min(values.Length - lanes, i + (block * lanes));
                for (; i <= stop; i += lanes)
                {
                    Vector.Widen(new Vector<ushort>(values[i..]), out var lo, out var hi);
                    acc += lo + hi;
                }

                for (var k = 0; k < Vector<uint>.Count; k++)
                {
                    total += acc[k];
                }
            }
        }

        for (; i < values.Length; i++)
        {
            total += values[i];
        }

        return total;
    }

    private static long WidenSum(Vector<int> acc)
    {
        long total = 0;
        for (var k = 0; k < Vector<int>.Count; k++)
        {
            total += acc[k];
        }

        return total;
    }
}
