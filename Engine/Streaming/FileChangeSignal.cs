namespace ScanImageTiff.Streaming;

/// <summary>
/// What a follower waits on between polls: a change notification for the followed file's folder (inotify
/// through <see cref="FileSystemWatcher"/>), with an adaptive poll as the fallback for changes no watcher
/// reports (a writer that maps the file, network shares, an exhausted inotify budget).
/// </summary>
/// <remarks>
/// The poll starts at <see cref="MinimumPoll"/> after each frame and doubles while nothing arrives, up to the
/// follower's poll interval: a frame that the watcher misses still arrives within a few milliseconds of the
/// expected moment, and an idle follower wakes up only a few times a second. A notification ends the wait at
/// once; several notifications during one wait (a writer links a frame in a few writes) wake it once.
/// </remarks>
internal sealed class FileChangeSignal : IDisposable
{
    /// <summary>The first poll interval after progress.</summary>
    public static readonly TimeSpan MinimumPoll = TimeSpan.FromMilliseconds(1);

    private readonly SemaphoreSlim _changed = new(0, 1);
    private readonly TimeSpan _maximumPoll;
    private readonly string _name;
    private FileSystemWatcher? _watcher;
    private TimeSpan _poll;

    /// <summary>Watches the folder of <paramref name="path"/> (the file, and the acquisition's next files, need not exist yet).</summary>
    /// <param name="path">The followed file.</param>
    /// <param name="maximumPoll">The longest wait without a notification (the follower's poll interval).</param>
    public FileChangeSignal(string path, TimeSpan maximumPoll)
    {
        _maximumPoll = maximumPoll;
        _poll = Min(MinimumPoll, maximumPoll);

        // Only changes to this file and the acquisition's next files (same ScanImage prefix) matter: a data folder
        // shared with other writers must not wake the follower for theirs.
        var fileName = Path.GetFileName(path);
        _name = Acquisition.ScanImageFileName.TryParse(fileName, out var parsed) ? parsed.Prefix : fileName;
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory) && Directory.Exists(directory))
            {
                var watcher = new FileSystemWatcher(directory)
                {
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
                    IncludeSubdirectories = false,
                };
                watcher.Changed += OnChange;
                watcher.Created += OnChange;
                watcher.Renamed += OnChange;
                watcher.Error += OnError;
                watcher.EnableRaisingEvents = true;
                _watcher = watcher;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException)
        {
            // No notifications here (no inotify instance left, an unsupported file system): polling alone.
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    /// <summary>True while change notifications are delivered (otherwise only the adaptive poll wakes the follower).</summary>
    public bool IsWatching => _watcher is not null;

    /// <summary>A frame arrived: poll quickly again, the next one is probably close.</summary>
    public void Progress() => _poll = Min(MinimumPoll, _maximumPoll);

    /// <summary>Waits for a change notification or the current poll interval, whichever comes first; the interval then doubles.</summary>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        var wait = _poll;
        _poll = Min(_poll * 2, _maximumPoll);
        await _changed.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        var watcher = Interlocked.Exchange(ref _watcher, null);
        if (watcher is not null)
        {
            watcher.EnableRaisingEvents = false;
            watcher.Dispose();
        }

        _changed.Dispose();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private void OnChange(object sender, FileSystemEventArgs e)
    {
        if (e.Name is { } name && name.StartsWith(_name, StringComparison.Ordinal))
        {
            Signal();
        }
    }

    // An overflowed event queue may have dropped the change that matters: wake up and look.
    private void OnError(object sender, ErrorEventArgs e) => Signal();

    private void Signal()
    {
        try
        {
            if (_changed.CurrentCount == 0)
            {
                _changed.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Another event released it first: one wake-up is enough.
        }
        catch (ObjectDisposedException)
        {
            // An event raised while the follower ends.
        }
    }
}
