namespace ScanImageTiff.Streaming;

/// <summary>
/// Follows a TIFF that is still being written (by ScanImage, or a <see cref="TiffStackWriter"/> in another
/// thread or process): yields every frame once, in order, as soon as it is linked into the IFD chain and
/// its bytes are in the file, rolls over to the acquisition's next file when it appears, and ends on the
/// last-frame marker, on an idle timeout, or on cancellation.
/// </summary>
/// <remarks>
/// <para>The follower owns the readers it opens; every frame it hands out stays valid until the enumeration
/// ends (the readers are disposed then). Copy what must outlive it.</para>
/// <para>Files are read with <see cref="ReadBackend.RandomAccess"/> by default (<see cref="FollowOptions.Backend"/>), so a
/// file that shrinks under the follower is a <see cref="TiffFormatException"/>; a mapped file that shrinks kills the process.</para>
/// </remarks>
public sealed class FrameFollower
{
    private readonly List<string> _files = [];
    private int _running;

    /// <summary>Prepares to follow <paramref name="path"/>, which need not exist yet.</summary>
    /// <param name="path">The (first) file of the acquisition.</param>
    /// <param name="options">Polling, end conditions and rollover; <see cref="FollowOptions.Default"/> when null.</param>
    public FrameFollower(string path, FollowOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FilePath = path;
        Options = options ?? FollowOptions.Default;
        Options.Validate();
    }

    /// <summary>The first file.</summary>
    public string FilePath { get; }

    /// <summary>The options in force.</summary>
    public FollowOptions Options { get; }

    /// <summary>Why the last enumeration ended (<see cref="FollowEndReason.None"/> while it runs).</summary>
    public FollowEndReason EndReason { get; internal set; }

    /// <summary>The files opened so far by the current or last enumeration, in order.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>Frames handed out so far by the current or last enumeration.</summary>
    public int FrameCount { get; internal set; }

    /// <summary>Hands out every frame's samples as bytes (T is byte), whatever their type: the acquisition-level follower.</summary>
    internal bool Untyped { get; init; }

    /// <summary>Follows <paramref name="path"/> (see <see cref="FollowAsync{T}(CancellationToken)"/>).</summary>
    /// <typeparam name="T">The CLR type of the samples.</typeparam>
    /// <param name="path">The (first) file of the acquisition; it need not exist yet.</param>
    /// <param name="options">Polling, end conditions and rollover; defaults when null.</param>
    /// <param name="cancellationToken">Stops following with <see cref="OperationCanceledException"/>.</param>
    public static IAsyncEnumerable<Frame<T>> FollowAsync<T>(string path, FollowOptions? options = null, CancellationToken cancellationToken = default)
        where T : unmanaged =>
        new FrameFollower(path, options).FollowAsync<T>(cancellationToken);

    /// <summary>
    /// Yields every frame of the file(s) once, in order, as they are written. <see cref="Frame{T}.Ordinal"/>
    /// counts across files; <see cref="Frame{T}.Reader"/> says which file a frame is in. Frames are zero-copy
    /// views when possible and stay valid until the enumeration ends. One enumeration at a time.
    /// </summary>
    /// <typeparam name="T">The CLR type of the samples.</typeparam>
    /// <param name="cancellationToken">Stops following with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="TiffFormatException">A file exists but did not become a readable TIFF within the idle timeout, or is malformed.</exception>
    /// <exception cref="NotSupportedException">A frame cannot be decoded.</exception>
    public async IAsyncEnumerable<Frame<T>> FollowAsync<T>([EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException($"{FilePath} is already being followed by this follower; create another FrameFollower.");
        }

        EndReason = FollowEndReason.None;
        FrameCount = 0;
        _files.Clear();
        var cursor = new FollowCursor<T>(this);
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await cursor.MoveNextAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    EndReason = FollowEndReason.Cancelled;
                    throw;
                }
                catch
                {
                    EndReason = FollowEndReason.Faulted;
                    throw;
                }

                if (!more)
                {
                    yield break;
                }

                yield return cursor.Current;
            }
        }
        finally
        {
            if (EndReason == FollowEndReason.None)
            {
                EndReason = FollowEndReason.Stopped;
            }

            cursor.Dispose();
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>
    /// The default last-frame test for ScanImage frame headers (text or JSON form): true when
    /// <c>endOfAcquisitionMode = 1</c>, or, in headers without that key, <c>endOfAcquisition = 1</c>.
    /// </summary>
    /// <remarks>
    /// <c>endOfAcquisition</c> alone is 1 at the end of every acquisition, which in a slow stack means every
    /// slice; <c>endOfAcquisitionMode</c> is 1 only on the last frame of the whole GRAB/LOOP.
    /// </remarks>
    /// <param name="description">A frame's ImageDescription bytes.</param>
    public static bool IsEndOfAcquisition(ReadOnlySpan<byte> description)
    {
        if (FrameHeaderValues.TryGetInteger(description, "endOfAcquisitionMode"u8, out var mode))
        {
            return mode == 1;
        }

        return FrameHeaderValues.TryGetInteger(description, "endOfAcquisition"u8, out var end) && end == 1;
    }

    /// <summary>
    /// The default rollover rule, ScanImage's file naming <c>&lt;stem&gt;_&lt;acq:05d&gt;_&lt;fileIdx:05d&gt;[_chn&lt;N&gt;].tif</c>:
    /// the same name with fileIdx + 1, when that file exists; otherwise (or for other names) null.
    /// </summary>
    /// <param name="path">The current file.</param>
    public static string? NextScanImageFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!Acquisition.ScanImageFileName.TryParse(System.IO.Path.GetFileName(path), out var name))
        {
            return null;
        }

        var next = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path) ?? string.Empty, name.WithIndex(name.Index + 1));
        return File.Exists(next) ? next : null;
    }

    internal void AddFile(string path) => _files.Add(path);
}
