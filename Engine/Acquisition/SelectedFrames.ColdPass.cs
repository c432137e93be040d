namespace ScanImageTiff.Acquisition;

/// <summary>Preparing a pass that reads a cold selection in file order.</summary>
public sealed partial class SelectedFrames
{
    private static readonly long s_pageBytes = Environment.SystemPageSize;

    /// <summary>
    /// Before one pass over the selected frames in file order (a checksum, an export, a stream): when their pixels are
    /// not in the page cache (<see cref="PixelsCached"/>) and are read with pread, drops the pages the IFD walk left
    /// cached between them (header, IFDs, descriptions, and the partial pages at the pixels' edges). A sequential
    /// reader's read-ahead stops at every cached page and goes on with a new, smaller request, and a walk of a 0.5 GB
    /// stack caches a page or so every 0.5 MB. Medians of cold runs: a C walk then hash of that stack 183 ms, 144 ms with
    /// these pages dropped (<c>dd</c> 117 ms); <c>sitiff data --checksum xxh3</c> 178 then 152 ms (<c>dd</c> 121 ms);
    /// <c>sitiff stream --json</c> 188 then 179 ms. Only the cache changes: what a read returns never does.
    /// </summary>
    /// <remarks>
    /// Gaps are taken between consecutive selected frames of one file whose pixels are one contiguous stored range
    /// and go forward in the file; frames the other way round or stored in strips or tiles leave their gaps alone.
    /// A file read through a mapping is skipped (its pages stay mapped, and dropping them would only cost faults), and
    /// a frame the reader cannot read is left for the pass to report.
    /// </remarks>
    internal void PrepareColdPass()
    {
        if (!PixelsCached())
        {
            ForgetPagesBetweenFrames();
        }
    }

    /// <summary>The work of <see cref="PrepareColdPass"/>, whether or not the pixels are cached (tests call it directly).</summary>
    internal void ForgetPagesBetweenFrames()
    {
        foreach (var run in Runs)
        {
            var reader = Acquisition.Files[run.File];
            if (reader.Source.IsMapped)
            {
                continue;
            }

            var table = reader.Table;
            var previousEnd = 0L;
            for (var i = 0; i < run.Local.Count; i++)
            {
                var frame = run.Local[i];
                var layout = table.LayoutOf(frame);
                if (!table.IsContiguous(frame) || layout.NeedsDecode || layout.Unsupported is not null || layout.FrameBytes < 0)
                {
                    previousEnd = -1;
                    continue;
                }

                var start = table.DataOffsets[frame];
                if (previousEnd >= 0 && start >= previousEnd)
                {
                    // Outward to whole pages: a page the pixels share with an IFD is dropped too (here it is cold anyway).
                    var from = previousEnd & ~(s_pageBytes - 1);
                    var to = (start + s_pageBytes - 1) & ~(s_pageBytes - 1);
                    if (to > from)
                    {
                        reader.Source.AdviseDontNeed(from, to - from);
                    }
                }

                // The stored bytes as the table has them (checked against the file by the walk); a hint never throws.
                previousEnd = start + layout.FrameBytes;
            }
        }
    }
}
