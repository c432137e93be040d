using ScanImageTiff.Cli.Input;
using ScanImageTiff.Cli.Pixels;
using ScanImageTiff.Cli.ScanImage;

namespace ScanImageTiff.Cli.Output;

/// <summary>
/// Writes a selection as a new TIFF with <see cref="TiffStackWriter"/>: when the source is a ScanImage
/// 2016+ file, a valid ScanImage file (its two metadata sections copied, the same block version, every
/// frame's description copied and padded to ScanImage's 2000 characters); otherwise a plain BigTIFF.
/// Frames may differ in shape: each gets its own IFD.
/// </summary>
internal static class TiffExporter
{
    public static void Export(FileSet files, IReadOnlyList<SelectedFrame> frames, string path, IByteSink? also, Progress? progress, CancellationToken cancellation, TiffWriterOptions? compression = null)
    {
        var source = files.Readers[files.Locate(frames[0].Ifd).File];
        var options = compression ?? new TiffWriterOptions();
        if (source.ScanImageBlockVersion is { } version)
        {
            var s0 = ScanImageSummary.WithoutTrailingNul(source.GetScanImageSectionBytes(0));
            var s1 = ScanImageSummary.WithoutTrailingNul(source.GetScanImageSectionBytes(1));
            options = TiffWriterOptions.ScanImage(s0, s1) with
            {
                ScanImageFormatVersion = version,
                Compression = options.Compression,
                Predictor = options.Predictor,
                CompressionLevel = options.CompressionLevel,
            };
        }

        var scratch = Array.Empty<byte>();
        var cropScratch = Array.Empty<byte>();
        long done = 0;
        using var writer = TiffStackWriter.Create(path, options);
        foreach (var selected in frames)
        {
            cancellation.ThrowIfCancellationRequested();
            var (file, local) = files.Locate(selected.Ifd);
            var reader = files.Readers[file];
            var bytes = FrameBytes.Get(reader, local, selected.Crop, ref scratch, ref cropScratch);
            var (width, height, samples, type) = FrameBytes.ShapeOf(files, selected);
            var description = reader.GetDescriptionByteCount(local) > 0 ? reader.GetDescription(local) : null;
            writer.AppendFrame(bytes, type!.Value, width, height, description, samples);
            also?.Write(bytes);
            done += bytes.Length;
            progress?.Report(done);
        }
    }
}
