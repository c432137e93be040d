using ScanImageTiff.Cli.Input;
using ScanImageTiff.Cli.Output;

namespace ScanImageTiff.Cli.Pixels;

/// <summary>
/// Feeds the samples of a selection to a sink in IFD order without ever holding the whole stack:
/// frames the mapping can hand out are passed as views (no copy); runs of frames that must be
/// decoded (strips, big-endian) are copied a chunk at a time with <see cref="ScanImageTiffReader.ReadFramesLittleEndian"/>,
/// which copies large runs in parallel; mROI crops are cut frame by frame.
/// </summary>
internal sealed class FrameByteSource(FileSet files, IReadOnlyList<SelectedFrame> frames)
{
    private const int ChunkBytes = 32 << 20;

    /// <summary>Total bytes the selection produces.</summary>
    public long TotalBytes()
    {
        long total = 0;
        foreach (var f in frames)
        {
            var (w, h, s, type) = FrameBytes.ShapeOf(files, f);
            if (type is null)
            {
                var (file, local) = files.Locate(f.Ifd);
                FrameBytes.ByteCount(files.Readers[file], local);
            }

            total += (long)w * h * s * type!.Value.Size();
        }

        return total;
    }

    public void CopyTo(IByteSink sink, Progress? progress, CancellationToken cancellation)
    {
        var scratch = Array.Empty<byte>();
        var cropScratch = Array.Empty<byte>();
        byte[]? chunk = null;
        var runFile = -1;
        int runStart = 0, runEnd = 0;
        long runBytes = 0, done = 0;

        void Flush()
        {
            if (runFile < 0)
            {
                return;
            }

            var reader = files.Readers[runFile];
            if (chunk is null || chunk.Length < runBytes)
            {
                chunk = GC.AllocateUninitializedArray<byte>((int)Math.Max(runBytes, Math.Min(ChunkBytes, 1 << 20)));
            }

            var span = chunk.AsSpan(0, (int)runBytes);
            reader.ReadFramesLittleEndian(runStart, runEnd, span);
            sink.Write(span);
            done += runBytes;
            progress?.Report(done);
            runFile = -1;
            runBytes = 0;
        }

        foreach (var selected in frames)
        {
            cancellation.ThrowIfCancellationRequested();
            var (file, local) = files.Locate(selected.Ifd);
            var reader = files.Readers[file];
            var n = FrameBytes.ByteCount(reader, local);
            if (selected.Crop is null && !FrameBytes.CanView(reader, local))
            {
                if (runFile == file && runEnd == local && runBytes + n <= ChunkBytes)
                {
                    runEnd++;
                    runBytes += n;
                    continue;
                }

                Flush();
                runFile = file;
                runStart = local;
                runEnd = local + 1;
                runBytes = n;
                continue;
            }

            Flush();
            var bytes = FrameBytes.Get(reader, local, selected.Crop, ref scratch, ref cropScratch);
            sink.Write(bytes);
            done += bytes.Length;
            progress?.Report(done);
        }

        Flush();
    }
}
