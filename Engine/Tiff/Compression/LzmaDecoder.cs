using SharpCompress.Compressors.Xz;

namespace ScanImageTiff.Tiff.Compression;

/// <summary>
/// LZMA (Compression = 34925): libtiff's tif_lzma.c stores each strip as an .xz stream (LZMA2 filter, no
/// check), tifffile as a Python lzma .xz stream (CRC-64 check); SharpCompress reads both. It wants a stream,
/// so this codec allocates a small reader per strip (LZMA is an archival format, rare and slow to decode
/// anyway: the allocation is noise next to the range decoder).
/// </summary>
internal sealed unsafe class LzmaDecoder : IStripDecoder
{
    public void Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        fixed (byte* input = source)
        {
            using var raw = new UnmanagedMemoryStream(input, source.Length);
            int written;
            try
            {
                using var xz = new XZStream(raw);
                written = ReadAll(xz, destination);
                Span<byte> spare = stackalloc byte[1];
                if (written == destination.Length && xz.Read(spare) > 0)
                {
                    throw new InvalidDataException($"LZMA stream holds more than the {destination.Length} bytes of its strip");
                }
            }
            catch (Exception e) when (e is not InvalidDataException and not OutOfMemoryException)
            {
                throw new InvalidDataException($"LZMA stream is corrupt: {e.Message}");
            }

            if (written != destination.Length)
            {
                throw new InvalidDataException($"LZMA stream ends after {written} of {destination.Length} bytes");
            }
        }
    }

    private static int ReadAll(Stream stream, Span<byte> destination)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var n = stream.Read(destination[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
