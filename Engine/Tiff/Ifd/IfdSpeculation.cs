using ScanImageTiff.Memory;

namespace ScanImageTiff.Tiff;

/// <summary>
/// The parallel part of a first walk over a large regular stack. Once the first IFDs repeat one template at a steady
/// spacing and the file holds room for thousands more, the rest of the file is cut into stretches, one per core; the
/// indexer walks the first, and an <see cref="IfdSegment"/> walks each other one on a thread of its own from the
/// first matching IFD at or after its predicted start. The indexer takes a stretch's IFDs only when its own chain
/// reads a pointer equal to that stretch's first IFD (<see cref="Reached"/>), so the table, the damage and the errors
/// are the serial walk's: a wrong prediction only costs the work done for nothing.
/// </summary>
internal sealed class IfdSpeculation : IDisposable
{
    private readonly IfdSegment[] _segments;
    private int _next;

    private IfdSpeculation(IfdSegment[] segments, IfdTemplate template)
    {
        _segments = segments;
        Template = template;
    }

    /// <summary>The template every recorded IFD matched: the serial walk's template (or one equal to it) after them.</summary>
    public IfdTemplate Template { get; }

    /// <summary>
    /// Starts the walkers when <paramref name="offsets"/> (the IFDs indexed so far, the last one matching
    /// <paramref name="template"/>) look like the start of a stack long enough to be worth it; null otherwise.
    /// </summary>
    /// <remarks>
    /// A pread walk makes a system call per IFD or per batch of IFDs, and a walk of a new mapping faults its pages in
    /// (microseconds per IFD): both are worth sharing out. Through the page tables of a mapping an earlier reader built
    /// (<see cref="FileSource.ReusesMapping"/>) an IFD costs ~35 ns, less than starting walkers and waiting for them on
    /// a machine whose other cores are busy (measured: 6.3 ms against 3.5 ms serially for 100 000 IFDs).
    /// </remarks>
    public static IfdSpeculation? TryStart(FileSource source, IfdEncoding f, IfdTemplate template, ReadOnlySpan<long> offsets, long length, IndexWalk mode)
    {
        var forced = mode == IndexWalk.Parallel;
        var walkers = forced ? 4 : Math.Min(Environment.ProcessorCount, 8);
        if (mode == IndexWalk.Serial || walkers < 2 || offsets.Length < 3 || (!forced && source.ReusesMapping))
        {
            return null;
        }

        // Spacing from the IFDs after the first (the first often sits apart, after the header's metadata); steady
        // means every gap forward and none more than twice another, so a stretch's start is near an IFD.
        var last = offsets[^1];
        var stride = (last - offsets[1]) / (offsets.Length - 2);
        if (!forced && !IsSteady(offsets[1..]))
        {
            return null;
        }

        var remaining = stride <= 0 ? 0 : (length - last) / stride;
        if (remaining < (forced ? 2 : 2048))
        {
            return null;
        }

        var segments = new IfdSegment[walkers - 1];
        for (var k = 1; k < walkers; k++)
        {
            var predicted = last + (stride * (remaining * k / walkers));
            var bound = k + 1 < walkers ? last + (stride * (remaining * (k + 1) / walkers)) : length;
            segments[k - 1] = new IfdSegment(source, f, template, predicted, bound, Math.Min(bound, predicted + (2 * stride)), length, stride, (bound - predicted) / stride);
        }

        foreach (var s in segments)
        {
            s.Begin();
        }

        return new IfdSpeculation(segments, template);
    }

    /// <summary>
    /// Called by the indexer for each pointer its own chain reads (<paramref name="offset"/>, the IFD it links): the
    /// stretch that starts exactly there, once its walk has stopped, or null. Stretches the chain has passed without
    /// reaching their first IFD are dropped.
    /// </summary>
    public IfdSegment? Reached(long offset)
    {
        while (_next < _segments.Length)
        {
            var segment = _segments[_next];
            if (offset < segment.Predicted)
            {
                return null;
            }

            segment.Wait();
            var start = segment.Start;
            if (start >= 0 && offset < start)
            {
                return null;
            }

            _next++;
            if (offset == start)
            {
                return segment;
            }
        }

        return null;
    }

    /// <summary>Stops every walk still running, waits for them and gives their tables back.</summary>
    public void Dispose()
    {
        foreach (var s in _segments)
        {
            s.Cancel();
        }

        foreach (var s in _segments)
        {
            s.Wait();
            s.Release();
        }
    }

    private static bool IsSteady(ReadOnlySpan<long> offsets)
    {
        long min = long.MaxValue, max = 0;
        for (var i = 1; i < offsets.Length; i++)
        {
            var gap = offsets[i] - offsets[i - 1];
            if (gap <= 0)
            {
                return false;
            }

            min = Math.Min(min, gap);
            max = Math.Max(max, gap);
        }

        return max <= 2 * min;
    }
}
