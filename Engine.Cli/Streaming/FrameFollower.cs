using System.Diagnostics;
using ScanImageTiff.Cli.Input;
using ScanImageTiff.Cli.Pixels;
using ScanImageTiff.Cli.ScanImage;

namespace ScanImageTiff.Cli.Streaming;

/// <summary>
/// Produces one <see cref="FrameRecord"/> per selected frame of a file, and with <c>--follow</c> keeps
/// polling a file that is still being written (every 100 ms: <see cref="ScanImageTiffReader.Refresh"/>)
/// until a frame says <c>endOfAcquisition = 1</c>, nothing new arrived for the idle timeout, or Ctrl-C.
/// </summary>
/// <remarks>
/// Self-contained on purpose: the Channel-based streaming engine will replace this loop. A file that does
/// not exist yet or is still empty is waited for (within the idle timeout); damage at the end of a growing
/// file is taken as "not written yet" while following.
/// </remarks>
internal sealed class FrameFollower
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(100);

    private readonly string _path;
    private readonly FrameRange _range;
    private readonly StructureRequest _structure;
    private readonly bool _salvage;
    private readonly CliContext _context;

    public FrameFollower(string path, FrameRange range, StructureRequest structure, bool salvage, CliContext context)
    {
        _path = path;
        _range = range;
        _structure = structure;
        _salvage = salvage;
        _context = context;
    }

    /// <summary>Every frame once, then stop (the file as it is now).</summary>
    public void Run(Action<FrameRecord> emit)
    {
        using var files = FileSet.Open([_path], _salvage, _context);
        var frames = FrameSelector.Select(files, _range, _structure);
        var scratch = new Scratch();
        foreach (var f in frames)
        {
            _context.Cancellation.ThrowIfCancellationRequested();
            emit(Measure(files, f, scratch));
        }
    }

    /// <summary>Follows the file until end of acquisition, idle timeout or cancellation (which returns normally).</summary>
    public void Follow(TimeSpan idleTimeout, Action<FrameRecord> emit)
    {
        if (_range.CountsFromEnd)
        {
            throw new CliUsageException($"--frames {_range}: negative indices count from the end, which a growing file does not have yet");
        }

        var token = _context.Cancellation;
        var idle = Stopwatch.StartNew();
        using var files = WaitForFile(idleTimeout, idle, token);
        if (files is null)
        {
            return;
        }

        var scratch = new Scratch();
        int next;
        var grew = true;
        var ended = false;
        next = _range.Start ?? 0;
        var stopAt = _range.Single ? next + 1 : _range.End ?? int.MaxValue;
        while (!token.IsCancellationRequested)
        {
            var count = files.FrameCount;
            if (next < count)
            {
                foreach (var f in Pending(files, next, Math.Min(count, stopAt)))
                {
                    if (token.IsCancellationRequested)
                    {
                        return;
                    }

                    var record = Measure(files, f, scratch);
                    ended |= record.EndOfAcquisition;
                    emit(record);
                }

                next = Math.Max(next, count);
            }

            // After the end-of-acquisition frame, one more poll collects the other channel IFDs of that frame.
            if (next >= stopAt || (ended && !grew) || idle.Elapsed > idleTimeout)
            {
                return;
            }

            if (!Delay(token))
            {
                return;
            }

            var before = files.FrameCount;
            grew = files.Refresh() > before;
            if (grew)
            {
                idle.Restart();
            }
        }
    }

    private IReadOnlyList<SelectedFrame> Pending(FileSet files, int from, int to)
    {
        if (to <= from)
        {
            return [];
        }

        if (_structure.IsEmpty)
        {
            var range = new SelectedFrame[to - from];
            for (var i = 0; i < range.Length; i++)
            {
                range[i] = new SelectedFrame(from + i);
            }

            return range;
        }

        // The structure is re-derived over the frames known so far; keep the new ones.
        return ScanImageSummary.Select(files, _structure).Where(f => f.Ifd >= from && f.Ifd < to).ToList();
    }

    private FileSet? WaitForFile(TimeSpan idleTimeout, Stopwatch idle, CancellationToken token)
    {
        TiffFormatException? lastError = null;
        while (true)
        {
            if (File.Exists(_path) && new FileInfo(_path).Length > 0)
            {
                try
                {
                    // Damage at the tail of a growing file means "not written yet": salvage silently.
                    return FileSet.Open([_path], salvage: true, new CliContext(TextWriter.Null, TextWriter.Null, false, token), allowEmpty: true);
                }
                catch (TiffFormatException e)
                {
                    // The header or the ScanImage block may be half written; give the writer until the idle timeout.
                    lastError = e;
                }
            }

            if (idle.Elapsed > idleTimeout)
            {
                if (lastError is not null)
                {
                    throw lastError;
                }

                if (!File.Exists(_path))
                {
                    throw new CliFileException($"{_path}: file not found (waited {idleTimeout.TotalSeconds:0.###} s)");
                }

                return FileSet.Open([_path], _salvage, _context);
            }

            if (!Delay(token))
            {
                return null;
            }
        }
    }

    private static bool Delay(CancellationToken token)
    {
        try
        {
            Task.Delay(s_pollInterval, token).GetAwaiter().GetResult();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static FrameRecord Measure(FileSet files, SelectedFrame selected, Scratch scratch)
    {
        var (file, local) = files.Locate(selected.Ifd);
        var reader = files.Readers[file];
        var bytes = FrameBytes.Get(reader, local, selected.Crop, ref scratch.Frame, ref scratch.Crop);
        var mean = PixelMath.Mean(bytes, reader.GetFrameInfo(local).PixelType!.Value);
        var clock = ScanImageSummary.ReadFrameClock(reader, local);
        return new FrameRecord(selected.Ifd, clock.FrameNumber, clock.Timestamp, mean, clock.EndOfAcquisition);
    }

    private sealed class Scratch
    {
        public byte[] Frame = [];
        public byte[] Crop = [];
    }
}
