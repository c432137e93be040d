using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Acquisition;

/// <summary>
/// Writes a selection as a new TIFF that describes itself: for a ScanImage 2016+ source, a ScanImage file
/// (BigTIFF, the source's block version, every frame header kept) whose metadata say what it holds: the
/// saved channels (their original numbers), slices, frames per volume, volumes, no flyback frames once they
/// are dropped, and after a ROI crop a single-ROI page. Read back, it selects like the source: channel N of
/// the export is channel N of the source. A plain TIFF source gives a plain BigTIFF.
/// </summary>
public static class AcquisitionExport
{
    /// <summary>Writes <paramref name="frames"/> to <paramref name="path"/> (created or overwritten), one IFD per frame.</summary>
    /// <param name="frames">The frames (<see cref="ScanImageAcquisition.Select"/>).</param>
    /// <param name="path">The new file.</param>
    /// <param name="progress">Receives the pixel bytes written so far, after every frame.</param>
    /// <param name="cancellationToken">Stops between frames with <see cref="OperationCanceledException"/> (the file is left incomplete).</param>
    /// <exception cref="NotSupportedException">A frame cannot be decoded, or the source's metadata are of an era before 2016 and the selection is not the whole acquisition.</exception>
    public static void WriteTiff(this SelectedFrames frames, string path, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var rewrite = Rewriter(frames);
        var options = new TiffWriterOptions();
        if (rewrite is not null)
        {
            options = TiffWriterOptions.ScanImage(rewrite.Section0(), rewrite.Section1()) with
            {
                ScanImageFormatVersion = frames.Acquisition.Files[0].ScanImageBlockVersion ?? 4,
            };
        }

        byte[]? page = null;
        byte[]? crop = null;
        long done = 0;
        try
        {
            using var writer = TiffStackWriter.Create(path, options);
            for (var k = 0; k < frames.Count; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (file, frame) = frames.Locate(k);
                var reader = frames.Acquisition.Files[file];
                var bytes = frames.FrameBytes(k, ref page, ref crop);
                var shape = frames.GetShape(k);
                string? description = reader.GetDescriptionByteCount(frame) > 0 ? reader.GetDescription(frame) : null;
                if (description is not null && rewrite is not null)
                {
                    description = rewrite.Description(k, description);
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
        }
    }

    /// <summary>Null for a plain TIFF; for eras before 2016 only the unchanged whole acquisition can be written (its headers are copied as they are).</summary>
    private static ExportMetadata? Rewriter(SelectedFrames frames)
    {
        var acquisition = frames.Acquisition;
        if (acquisition.Metadata is { Era: not ScanImageEra.SI2016Plus } && frames.Count == acquisition.FrameCount && frames.Roi is null)
        {
            return null;
        }

        return ExportMetadata.For(frames);
    }
}
