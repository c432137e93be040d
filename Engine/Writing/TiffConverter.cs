using System.Text;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff;

/// <summary>
/// Rewrites TIFF files with another compression (for archiving an acquisition), keeping what makes them
/// ScanImage files: the metadata sections (from the block after the header, or recovered from the Software and
/// Artist tags of a file already rewritten by libtiff or tifffile), the block version when known, and every
/// frame's description. Frames may differ in shape; each keeps its own.
/// </summary>
public static class TiffConverter
{
    /// <summary>Rewrites <paramref name="source"/> as <paramref name="destination"/> with <paramref name="options"/>' compression.</summary>
    /// <param name="source">A TIFF or BigTIFF file (compressed or not).</param>
    /// <param name="destination">The file to create (overwritten).</param>
    /// <param name="options">Compression, predictor and level; the layout (ScanImage block, BigTIFF, descriptions) follows the source.</param>
    /// <param name="progress">Receives the count of decoded sample bytes written so far, after each frame.</param>
    /// <param name="cancellationToken">Stops between frames (the destination is left incomplete).</param>
    /// <returns>The bytes of the destination.</returns>
    /// <exception cref="NotSupportedException">A frame of the source cannot be decoded.</exception>
    public static long Convert(string source, string destination, TiffWriterOptions options, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentException.ThrowIfNullOrEmpty(destination);
        ArgumentNullException.ThrowIfNull(options);
        if (Path.GetFullPath(source) == Path.GetFullPath(destination))
        {
            throw new ArgumentException("The destination must differ from the source.", nameof(destination));
        }

        // One pass over every frame: pread copies each byte once, where a fresh mapping would fault every page in.
        using var reader = ScanImageTiffReader.Open(source, new ReaderOptions { Backend = ReadBackend.RandomAccess });
        var layout = LayoutOf(reader, options);
        long done = 0;
        byte[] frame = [];
        byte[] text = [];
        using var writer = TiffStackWriter.Create(destination, layout, 1 << 20);
        for (var i = 0; i < reader.FrameCount; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = reader.GetFrameInfo(i);
            var type = info.PixelType ?? throw new NotSupportedException($"{source}: IFD {i}: {info.Unsupported}.");
            if (frame.Length < info.ByteCount)
            {
                frame = GC.AllocateUninitializedArray<byte>(checked((int)info.ByteCount));
            }

            var bytes = frame.AsSpan(0, (int)info.ByteCount);
            reader.ReadFramesLittleEndian(i, i + 1, bytes);
            if (!BitConverter.IsLittleEndian)
            {
                throw new PlatformNotSupportedException("Converting needs a little-endian machine.");
            }

            // The description as stored, without a string per frame (as the export copies it).
            var count = reader.GetDescriptionByteCount(i);
            if (text.Length < count)
            {
                text = new byte[Math.Max(count, 2 * text.Length)];
            }

            var description = count > 0 ? FrameDescription.OfStored(reader.GetDescriptionSpan(i, text)) : FrameDescription.Of(null);
            writer.AppendFrame(bytes, type, info.Width, info.Height, description, info.SamplesPerPixel);
            done += bytes.Length;
            progress?.Report(done);
        }

        writer.Flush();
        return writer.Length;
    }

    /// <summary>The source's layout with the requested compression; strips of about 64 KiB so frames decode in parallel pieces.</summary>
    private static TiffWriterOptions LayoutOf(ScanImageTiffReader reader, TiffWriterOptions options)
    {
        var rowBytes = reader.FrameCount == 0 ? 1 : Math.Max(1, reader.GetFrameInfo(0).ByteCount / Math.Max(1, reader.GetFrameInfo(0).Height));
        var layout = options with
        {
            BigTiff = reader.IsBigTiff || options.BigTiff,
            ByteOrder = reader.ByteOrder,
            RowsPerStrip = options.RowsPerStrip > 0 || options.Compression == TiffCompressionMethod.None ? options.RowsPerStrip : (int)Math.Max(1, (64 << 10) / rowBytes),
        };
        var metadata = ScanImageMetadata.Detect(reader);
        if (metadata is null || metadata.Era != ScanImageEra.SI2016Plus)
        {
            return layout;
        }

        // The ScanImage block needs a little-endian BigTIFF (as ScanImage writes), whatever the source was rewritten as.
        var s0 = Encoding.UTF8.GetBytes(metadata.Section0Text);
        var s1 = Encoding.UTF8.GetBytes(metadata.Section1Text);
        return layout with
        {
            BigTiff = true,
            ByteOrder = TiffByteOrder.LittleEndian,
            ScanImageSection0 = s0,
            ScanImageSection1 = s1,
            ScanImageFormatVersion = metadata.BlockVersion,
            DescriptionLength = reader.FrameCount > 0 && reader.GetDescriptionByteCount(0) == 2001 ? 2000 : options.DescriptionLength,
        };
    }
}
