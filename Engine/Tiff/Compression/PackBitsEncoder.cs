namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// PackBits for the writer. TIFF 6.0 section 9: each row is packed separately; runs of three or more equal
/// bytes become repeat runs, everything else literal runs of at most 128 bytes.
/// </summary>
internal sealed class PackBitsEncoder : IStripEncoder
{
    public int MaxEncodedLength(int sourceLength, int rowBytes) =>
        checked(sourceLength + (sourceLength / 128) + (sourceLength / Math.Max(1, rowBytes)) + 8);

    public int Encode(ReadOnlySpan<byte> source, int rowBytes, Span<byte> destination)
    {
        var o = 0;
        for (var start = 0; start < source.Length; start += rowBytes)
        {
            o += EncodeRow(source.Slice(start, Math.Min(rowBytes, source.Length - start)), destination[o..]);
        }

        return o;
    }

    private static int EncodeRow(ReadOnlySpan<byte> row, Span<byte> destination)
    {
        var o = 0;
        var i = 0;
        while (i < row.Length)
        {
            var run = 1;
            while (i + run < row.Length && run < 128 && row[i + run] == row[i])
            {
                run++;
            }

            if (run >= 3)
            {
                destination[o++] = (byte)(sbyte)(1 - run);
                destination[o++] = row[i];
                i += run;
                continue;
            }

            // A literal run lasts until the next run of three equal bytes (or 128 bytes).
            var end = i;
            while (end < row.Length && end - i < 128)
            {
                if (end + 2 < row.Length && row[end] == row[end + 1] && row[end] == row[end + 2])
                {
                    break;
                }

                end++;
            }

            var count = end - i;
            destination[o++] = (byte)(count - 1);
            row.Slice(i, count).CopyTo(destination[o..]);
            o += count;
            i = end;
        }

        return o;
    }
}
