using System.Diagnostics;
using System.Runtime.ExceptionServices;
using ScanImageTiff.Acquisition;
using ScanImageTiff.Memory;

namespace ScanImageTiff.Streaming;

/// <summary>
/// The state of one follow enumeration: the files opened so far (kept open, so frames handed out stay
/// valid until the enumeration ends), the next frame to hand out, and when the last one appeared.
/// Frames already indexed are handed out synchronously; only an empty poll awaits.
/// </summary>
internal sealed class FollowCursor<T> : IDisposable
    where T : unmanaged
{
    private readonly FrameFollower _owner;
    private readonly FollowOptions _options;
    private readonly List<ScanImageTiffReader> _readers = [];
    private readonly FileChangeSignal _signal;
    private ScanImageTiffReader? _reader;
    private string _path;
    private int _next;
    private int _ordinal;
    private bool _markerSeen;
    private long _lastProgress;
    private IOException? _openError;
    private byte[] _scratch = [];
    private ReadBackend _backend;
    private int _mappings;
    private long _mappedBytes;

    public FollowCursor(FrameFollower owner)
    {
        _owner = owner;
        _options = owner.Options;
        _path = owner.FilePath;
        _backend = _options.Backend;
        _lastProgress = Stopwatch.GetTimestamp();
        _signal = new FileChangeSignal(_path, _options.PollInterval);
    }

    public Frame<T> Current { get; private set; }

    public ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return TryTake() ? new ValueTask<bool>(true) : WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        foreach (var reader in _readers)
        {
            reader.Dispose();
        }

        _readers.Clear();
        _reader = null;
        _signal.Dispose();
    }

    private async ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Poll();
            if (TryTake())
            {
                return true;
            }

            var idle = Stopwatch.GetElapsedTime(_lastProgress);
            if (_markerSeen && idle >= _options.EndGrace)
            {
                _owner.EndReason = FollowEndReason.LastFrame;
                return false;
            }

            if (TryRollOver())
            {
                continue;
            }

            if (_options.IdleTimeout != Timeout.InfiniteTimeSpan && idle >= _options.IdleTimeout)
            {
                if (_reader is null && _openError is { } error && File.Exists(_path))
                {
                    // The file is there but never became a readable TIFF: that is an error, not an idle writer.
                    ExceptionDispatchInfo.Throw(error);
                }

                _owner.EndReason = FollowEndReason.IdleTimeout;
                return false;
            }

            await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Opens the current file if it is not open yet, else looks for newly linked frames.</summary>
    private void Poll()
    {
        if (_reader is not null)
        {
            Refresh(_reader);
            return;
        }

        try
        {
            // A followed file is being written: its IFDs are walked one after the other (IfdSpeculation is for files at rest).
            var reader = ScanImageTiffReader.Open(_path, new ReaderOptions { Backend = _backend, Walk = Tiff.IndexWalk.Serial });
            _readers.Add(reader);
            _reader = reader;
            _next = 0;
            _openError = null;
            _owner.AddFile(_path);
            CountMapping(reader);
        }
        catch (IOException e)
        {
            // Not there yet, or its header is still being written: try again at the next poll.
            _openError = e;
        }
    }

    /// <summary>Refreshes, and leaves the mapped backend before its mappings exhaust the process (see FollowOptions.Backend).</summary>
    private int Refresh(ScanImageTiffReader reader)
    {
        // Only a refresh that made a new mapping spends the budget (a growing file is mapped with room to grow).
        var before = MappingsOf(reader);
        var count = reader.Refresh();
        if (MappingsOf(reader) == before || !CountMapping(reader))
        {
            return count;
        }

        // Same file, same IFD indices: the pread reader continues at _next. The mapped reader stays open
        // (frames handed out from it remain valid until the enumeration ends).
        _backend = ReadBackend.RandomAccess;
        var replacement = ScanImageTiffReader.Open(_path, new ReaderOptions { Backend = _backend, Walk = Tiff.IndexWalk.Serial });
        _readers.Add(replacement);
        _reader = replacement;
        return replacement.FrameCount;
    }

    private static int MappingsOf(ScanImageTiffReader reader) => reader.Source is MappedFileSource mapped ? mapped.MappingCount : 0;

    /// <summary>Counts a new mapping of <paramref name="reader"/>; true when the budget is now spent.</summary>
    private bool CountMapping(ScanImageTiffReader reader)
    {
        if (reader.Backend != ReadBackend.Mapped)
        {
            return false;
        }

        _mappings++;
        _mappedBytes += reader.FileLength;
        return _mappings >= _options.MaxMappings || _mappedBytes >= _options.MaxMappedBytes;
    }

    private bool TryTake()
    {
        var reader = _reader;
        if (reader is null || _next >= reader.FrameCount)
        {
            return false;
        }

        var index = _next;
        ReadOnlyMemory<T> pixels;
        bool isCopy;
        if (_owner.Untyped)
        {
            // Bytes of any sample type (T is byte): the acquisition-level follower says which type they are.
            var bytes = Acquisition.FramePixels.ByteCount(reader, index);
            isCopy = !reader.CanReadZeroCopy(index);
            if (isCopy)
            {
                var copy = GC.AllocateUninitializedArray<T>(bytes / Unsafe.SizeOf<T>());
                reader.CopyFrameBytes(index, MemoryMarshal.AsBytes(copy.AsSpan()));
                pixels = copy;
            }
            else
            {
                pixels = Acquisition.FramePixels.View<T>(reader, index, bytes);
            }
        }
        else
        {
            isCopy = !reader.TryGetFrameMemory<T>(index, out pixels);
            if (isCopy)
            {
                pixels = reader.GetFrameMemory<T>(index);
            }
        }

        Current = new Frame<T>(reader, index, _ordinal, 0, pixels, isCopy);
        _markerSeen = _options.IsLastFrame is { } isLast && isLast(Description(reader, index));
        _next++;
        _ordinal++;
        _owner.FrameCount = _ordinal;
        _lastProgress = Stopwatch.GetTimestamp();
        _signal.Progress();
        return true;
    }

    /// <summary>When the next file exists, the writer has finished this one: take a last look, then switch.</summary>
    private bool TryRollOver()
    {
        if (_reader is null || _options.NextFile is not { } nextFile || nextFile(_path) is not { } next
            || string.Equals(Path.GetFullPath(next), Path.GetFullPath(_path), StringComparison.Ordinal))
        {
            // A hook that names the current file again would make us start it over.
            return false;
        }

        if (Refresh(_reader) > _next)
        {
            return true;
        }

        _path = next;
        _reader = null;
        return true;
    }

    private ReadOnlySpan<byte> Description(ScanImageTiffReader reader, int index)
    {
        var length = reader.Table.DescriptionLengths[index];
        if (length > _scratch.Length && !reader.Source.IsMapped)
        {
            _scratch = new byte[Math.Max(length, 2 * _scratch.Length)];
        }

        return reader.GetDescriptionSpan(index, _scratch);
    }
}
