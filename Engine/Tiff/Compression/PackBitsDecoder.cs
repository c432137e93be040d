namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// PackBits (Compression = 32773), TIFF 6.0 section 9: a header byte n, then n + 1 literal bytes (0 ≤ n ≤ 127)
/// or one byte repeated 1 − n times (−127 ≤ n ≤ −1); −128 is a no-op. libtiff truncates a run that overruns
/// the row with a warning; here a run past the strip is an error, like every codec's oversized output.
/// </summary>
internal sealed class PackBitsDecoder : IStripDecoder
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var i = 0;
        var o = 0;
        while (o < destination.Length)
        {
            if (i >= source.Length)
            {
                throw new InvalidDataException($"PackBits stream ends after {o} of {destination.Length} bytes");
            }

            var n = (sbyte)source[i++];
            if (n >= 0)
            {
                var count = n + 1;
                if (count > source.Length - i)
                {
                    throw new InvalidDataException($"PackBits literal run of {count} bytes at input byte {i - 1} is cut off by the end of the strip");
                }

                if (count > destination.Length - o)
                {
                    throw new InvalidDataException($"PackBits stream holds more than the {destination.Length} bytes of its strip (run at input byte {i - 1})");
                }

                source.Slice(i, count).CopyTo(destination[o..]);
                i += count;
                o += count;
            }
            else if (n != -128)
            {
                var count = 1 - n;
                if (i >= source.Length)
                {
                    throw new InvalidDataException($"PackBits repeat run at input byte {i - 1} has no byte to repeat");
                }

                if (count > destination.Length - o)
                {
                    throw new InvalidDataException($"PackBits stream holds more than the {destination.Length} bytes of its strip (run at input byte {i - 1})");
                }

                destination.Slice(o, count).Fill(source[i++]);
                o += count;
            }
        }

        // Trailing no-ops are harmless; anything else would decode past the strip.
        while (i < source.Length && source[i] == 0x80)
        {
            i++;
        }

        if (i < source.Length)
        {
            throw new InvalidDataException($"PackBits stream holds more than the {destination.Length} bytes of its strip ({source.Length - i} input bytes left)");
        }
    }
}
