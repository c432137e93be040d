using ScanImageTiff.Cli.ScanImage;

namespace ScanImageTiff.Cli.Input;

/// <summary>Turns <c>--frames</c> and the structure options into the list of frames to use, in IFD order.</summary>
internal static class FrameSelector
{
    public static IReadOnlyList<SelectedFrame> Select(FileSet files, FrameRange range, StructureRequest structure)
    {
        var (start, end) = range.Resolve(files.FrameCount);
        IReadOnlyList<SelectedFrame> result;
        if (structure.IsEmpty)
        {
            var all = new SelectedFrame[end - start];
            for (var i = 0; i < all.Length; i++)
            {
                all[i] = new SelectedFrame(start + i);
            }

            result = all;
        }
        else
        {
            var chosen = ScanImageSummary.Select(files, structure);
            var inRange = new List<SelectedFrame>(chosen.Count);
            foreach (var f in chosen)
            {
                if (f.Ifd >= start && f.Ifd < end)
                {
                    inRange.Add(f);
                }
            }

            result = inRange;
        }

        if (result.Count == 0)
        {
            if (files.FrameCount == 0)
            {
                throw new CliFileException("the files hold no intact frames");
            }

            var what = structure.IsEmpty ? $"--frames {range}" : $"--frames {range} {structure.Describe()}".Replace("--frames : ", "", StringComparison.Ordinal);
            throw new CliUsageException($"{what} selects no frames (the files hold {files.FrameCount})");
        }

        return result;
    }
}
