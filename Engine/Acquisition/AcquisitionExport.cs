using System.Buffers;
using System.Text;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Acquisition;

/// <summary>
/// Writes a selection as a new TIFF that describes itself: for a ScanImage 2016+ source, a ScanImage file
/// (BigTIFF, the source's block version, every frame header kept) whose metadata say what it holds: the
/// saved channels (their original numbers), slices, frames per volume, volumes, no flyback frames once they
/// are dropped, and after a ROI crop a single-ROI page. Read back, it selects like the source: channel N of
/// the export is channel N of the source. A plain TIFF source gives a plain BigTIFF; files before 2016 keep
/// their frame headers (which hold their settings) unchanged.
/// </summary>
public static class AcquisitionExport
{
    /// <summary>Writes <paramref name="frames"/> to <paramref name="path"/> (created or overwritten), one IFD per frame.</summary>
    /// <param name="frames">The frames (<see cref="ScanImageAcquisition.Select"/>).</param>
    /// <param name="path">The new file.</param>
    /// <param name="progress">Receives the pixel bytes written so far, after every frame.</param>
    /// <param name="cancellationToken">Stops between frames with <see cref="OperationCanceledException"/> (the file is left incomplete).</param>
    /// <exception cref="NotSupportedException">A frame cannot be decoded.</exception>
    public static void WriteTiff(this SelectedFrames frames, string path, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        WriteTiff(frames, path, new TiffWriterOptions(), progress, cancellationToken);

    /// <summary>
    /// Writes <paramref name="frames"/> to <paramref name="path"/> like <see cref="WriteTiff(SelectedFrames, string, IProgress{long}?, CancellationToken)"/>,
    /// compressed as <paramref name="compression"/> says (its <see cref="TiffWriterOptions.Compression"/>,
    /// <see cref="TiffWriterOptions.Predictor"/> and <see cref="TiffWriterOptions.CompressionLevel"/>; the rest of the layout follows the source).
    /// </summary>
    /// <param name="frames">The frames (<see cref="ScanImageAcquisition.Select"/>).</param>
    /// <param name="path">The new file.</param>
    /// <param name="compression">Compression, predictor and level.</param>
    /// <param name="progress">Receives the pixel bytes written so far, after every frame.</param>
    /// <param name="cancellationToken">Stops between frames with <see cref="OperationCanceledException"/> (the file is left incomplete).</param>
    public static void WriteTiff(this SelectedFrames frames, string path, TiffWriterOptions compression, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(compression);
        frames.PrepareColdPass();
        var rewrite = Rewriter(frames);
        var options = new TiffWriterOptions { Compression = compression.Compression, Predictor = compression.Predictor, CompressionLevel = compression.CompressionLevel };
        var first = frames.Acquisition.Files[0];
        if (first.ScanImageBlockVersion is { } version)
        {
            options = WithBlock(options, version, rewrite?.Section0() ?? WithoutTrailingNul(first.GetScanImageSectionBytes(0)), rewrite?.Section1() ?? WithoutTrailingNul(first.GetScanImageSectionBytes(1)));
        }
        else if (frames.Acquisition.Metadata is { Era: ScanImageEra.SI2016Plus } recovered)
        {
            // A recompressed file lost the block after the header; its metadata came from the Software and Artist tags.
            // Write the block again, as convert does, so the export reads as ScanImage.
            options = WithBlock(options, recovered.BlockVersion, rewrite?.Section0() ?? Encoding.UTF8.GetBytes(recovered.Section0Text), rewrite?.Section1() ?? Encoding.UTF8.GetBytes(recovered.Section1Text));
        }

        byte[]? page = null;
        byte[]? crop = null;
        byte[]? text = null;
        long done = 0;
        try
        {
            // No reader follows an export while it is written: frames go out a MiB at a time, not three writes each.
            using var writer = TiffStackWriter.Create(path, options, 1 << 20);
            for (var k = 0; k < frames.Count; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (file, frame) = frames.Locate(k);
                var reader = frames.Acquisition.Files[file];
                var shape = frames.GetShape(k);
                var count = reader.GetDescriptionByteCount(frame);
                ReadOnlySpan<byte> bytes;
                FrameDescription description;
                if (rewrite is null)
                {
                    // Each description as stored, without a string per frame; with pread and ScanImage's layout (the
                    // description just before the pixels) one read gets both.
                    if (!frames.TryFrameAndDescription(k, ref page, out bytes, out var stored))
                    {
                        bytes = frames.FrameBytes(k, ref page, ref crop);
                        if (count > 0 && (text is null || text.Length < count))
                        {
                            SelectedFrames.Return(text);
                            text = ArrayPool<byte>.Shared.Rent(count);
                        }

                        stored = count > 0 ? reader.GetDescriptionSpan(frame, text) : default;
                    }

                    description = count > 0 ? FrameDescription.OfStored(stored) : FrameDescription.Of(null);
                }
                else
                {
                    bytes = frames.FrameBytes(k, ref page, ref crop);
                    description = FrameDescription.Of(count > 0 ? rewrite.Description(k, reader.GetDescription(frame)) : null);
                }

                writer.AppendFrame(bytes, shape.PixelType, shape.Width, shape.Height, description, shape.SamplesPerPixel);
                done += bytes.Length;
                progress?.Report(done);
            }
        }
        finally
        {
            SelectedFrames.Return(page);
            SelectedFrames.Return(crop);
            SelectedFrames.Return(text);
        }
    }

    private static TiffWriterOptions WithBlock(TiffWriterOptions options, int version, byte[] section0, byte[] section1) =>
        TiffWriterOptions.ScanImage(section0, section1) with
        {
            ScanImageFormatVersion = version,
            Compression = options.Compression,
            Predictor = options.Predictor,
            CompressionLevel = options.CompressionLevel,
        };

    private static byte[] WithoutTrailingNul(byte[] section) =>
        section.Length > 0 && section[^1] == 0 ? section[..^1] : section;

    /// <summary>
    /// Null when the metadata are copied as they are: a plain TIFF, the whole acquisition unchanged, or an era before
    /// 2016 (whose settings are repeated in every frame header and are not rewritten).
    /// </summary>
    private static ExportMetadata? Rewriter(SelectedFrames frames)
    {
        var acquisition = frames.Acquisition;
        var whole = frames.Count == acquisition.FrameCount && frames.Roi is null;
        return whole || acquisition.Metadata is not { Era: ScanImageEra.SI2016Plus } ? null : ExportMetadata.For(frames);
    }
}
