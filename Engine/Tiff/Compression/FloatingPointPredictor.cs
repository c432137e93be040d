namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// Floating-point prediction (Predictor = 3), Adobe Photoshop "TIFF Technical Note 3" (2005): each row's
/// samples are written big-endian, their bytes regrouped by significance (all most significant bytes of the
/// row, then the next, ...), and the regrouped row is byte-wise differenced with a stride of SamplesPerPixel.
/// Decoding reverses both steps and yields native-order samples for a little-endian file. libtiff swaps a
/// big-endian file's samples before fpDiff (and after fpAcc), so for those the caller swaps the result.
/// </summary>
internal static class FloatingPointPredictor
{
    /// <summary>
    /// Decodes <paramref name="rows"/> rows of <paramref name="width"/> pixels of <paramref name="stride"/> samples of
    /// <paramref name="bytesPerSample"/> bytes in place; <paramref name="scratch"/> holds at least one row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Decode(Span<byte> data, int rows, int width, int stride, int bytesPerSample, Span<byte> scratch)
    {
        var samples = width * stride;
        var rowBytes = samples * bytesPerSample;
        var tmp = scratch[..rowBytes];
        for (var r = 0; r < rows; r++)
        {
            var row = data.Slice(r * rowBytes, rowBytes);
            for (var i = stride; i < row.Length; i++)
            {
                row[i] += row[i - stride];
            }

            row.CopyTo(tmp);
            for (var b = 0; b < bytesPerSample; b++)
            {
                // Plane b holds byte b of the big-endian sample: byte (size - 1 - b) of a little-endian one.
                var plane = tmp.Slice(b * samples, samples);
                var at = BitConverter.IsLittleEndian ? bytesPerSample - 1 - b : b;
                for (var i = 0; i < samples; i++)
                {
                    row[(i * bytesPerSample) + at] = plane[i];
                }
            }
        }
    }

    /// <summary>The writer's side of <see cref="Decode"/>: native-order samples in, predicted bytes out (in place).</summary>
    public static void Encode(Span<byte> data, int rows, int width, int stride, int bytesPerSample, Span<byte> scratch)
    {
        var samples = width * stride;
        var rowBytes = samples * bytesPerSample;
        var tmp = scratch[..rowBytes];
        for (var r = 0; r < rows; r++)
        {
            var row = data.Slice(r * rowBytes, rowBytes);
            for (var b = 0; b < bytesPerSample; b++)
            {
                var plane = tmp.Slice(b * samples, samples);
                var at = BitConverter.IsLittleEndian ? bytesPerSample - 1 - b : b;
                for (var i = 0; i < samples; i++)
                {
                    plane[i] = row[(i * bytesPerSample) + at];
                }
            }

            for (var i = rowBytes - 1; i >= stride; i--)
            {
                tmp[i] -= tmp[i - stride];
            }

            tmp.CopyTo(row);
        }
    }
}
