using System.Numerics;

namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// Horizontal differencing (Predictor = 2), TIFF 6.0 section 14: within each row every sample is stored as the
/// difference from the same sample of the pixel to its left, modulo 2^bits. libtiff (tif_predict.c, horAcc8/16/32/64)
/// applies it to samples in the machine's byte order, after swapping, so the caller hands in native-order rows.
/// </summary>
internal static class HorizontalPredictor
{
    /// <summary>Undoes the differencing in place: <paramref name="rows"/> rows of <paramref name="width"/> pixels of <paramref name="stride"/> samples.</summary>
    public static void Decode(Span<byte> data, int rows, int width, int stride, int bytesPerSample)
    {
        switch (bytesPerSample)
        {
            case 1: Accumulate(data, rows, width, stride); break;
            case 2: Accumulate(MemoryMarshal.Cast<byte, ushort>(data), rows, width, stride); break;
            case 4: Accumulate(MemoryMarshal.Cast<byte, uint>(data), rows, width, stride); break;
            case 8: Accumulate(MemoryMarshal.Cast<byte, ulong>(data), rows, width, stride); break;
            default: throw new NotSupportedException($"horizontal differencing (tag 317 Predictor = 2) of {bytesPerSample * 8}-bit samples is not supported");
        }
    }

    /// <summary>Applies the differencing in place (the writer's side of <see cref="Decode"/>).</summary>
    public static void Encode(Span<byte> data, int rows, int width, int stride, int bytesPerSample)
    {
        switch (bytesPerSample)
        {
            case 1: Difference(data, rows, width, stride); break;
            case 2: Difference(MemoryMarshal.Cast<byte, ushort>(data), rows, width, stride); break;
            case 4: Difference(MemoryMarshal.Cast<byte, uint>(data), rows, width, stride); break;
            case 8: Difference(MemoryMarshal.Cast<byte, ulong>(data), rows, width, stride); break;
            default: throw new NotSupportedException($"horizontal differencing of {bytesPerSample * 8}-bit samples is not supported");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate<T>(Span<T> samples, int rows, int width, int stride)
        where T : unmanaged, IBinaryInteger<T>
    {
        var rowLength = width * stride;
        for (var r = 0; r < rows; r++)
        {
            var row = samples.Slice(r * rowLength, rowLength);
            if (stride == 1)
            {
                var sum = row[0];
                for (var i = 1; i < row.Length; i++)
                {
                    sum += row[i];
                    row[i] = sum;
                }
            }
            else
            {
                for (var i = stride; i < row.Length; i++)
                {
                    row[i] += row[i - stride];
                }
            }
        }
    }

    private static void Difference<T>(Span<T> samples, int rows, int width, int stride)
        where T : unmanaged, IBinaryInteger<T>
    {
        var rowLength = width * stride;
        for (var r = 0; r < rows; r++)
        {
            var row = samples.Slice(r * rowLength, rowLength);
            for (var i = row.Length - 1; i >= stride; i--)
            {
                row[i] -= row[i - stride];
            }
        }
    }
}
