namespace ScanImageTiff.Streaming;

/// <summary>How <see cref="FrameFollower"/> follows a file that is still being written.</summary>
public sealed record FollowOptions
{
    /// <summary>Wake on change notifications (polling at most 100 ms apart), give up after 30 s without a frame, end on ScanImage's end-of-acquisition marker, roll over to the next ScanImage file.</summary>
    public static FollowOptions Default { get; } = new();

    /// <summary>
    /// The longest sleep when no new frame is there (default 100 ms). A change notification for the file's folder
    /// ends the sleep at once; without one, the follower polls 1 ms after a frame and doubles the interval up to this.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// End (with <see cref="FollowEndReason.IdleTimeout"/>) when no new frame and no next file appeared for this
    /// long (default 30 s). <see cref="Timeout.InfiniteTimeSpan"/> waits until cancelled or the last frame.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// After a frame that <see cref="IsLastFrame"/> accepts, how long to keep looking for frames written right
    /// after it (the other channels of the same ScanImage frame carry the same header) before ending (default 1 s).
    /// A frame without the marker in that time means the acquisition goes on, and following continues.
    /// </summary>
    public TimeSpan EndGrace { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Given a frame's raw ImageDescription bytes, says whether it is the acquisition's last frame. Default:
    /// <see cref="FrameFollower.IsEndOfAcquisition"/>. Null: never end on a marker.
    /// </summary>
    public Func<ReadOnlySpan<byte>, bool>? IsLastFrame { get; init; } = FrameFollower.IsEndOfAcquisition;

    /// <summary>
    /// Given the current file's path, returns the next file of the acquisition once it exists, else null. Asked
    /// when the current file has no new frame. Default: <see cref="FrameFollower.NextScanImageFile"/>. Null: one file only.
    /// </summary>
    public Func<string, string?>? NextFile { get; init; } = FrameFollower.NextScanImageFile;

    /// <summary>
    /// How the files are read (default <see cref="ReadBackend.RandomAccess"/>: positional reads, frames arrive as
    /// copies). A file being followed is still being written, and a mapped file that another process truncates
    /// kills this process (SIGBUS, which .NET cannot catch); with positional reads a file that shrinks is a
    /// <see cref="TiffFormatException"/>. <see cref="ReadBackend.Mapped"/> gives zero-copy frames when the writer
    /// is known never to truncate or rewrite.
    /// </summary>
    /// <remarks>
    /// Every poll that finds a mapped file grown maps it again (earlier mappings stay alive for the frames
    /// already handed out), so a long follow would exhaust the process's mappings and address space. Once an
    /// enumeration has made 4096 such mappings or mapped 16 TiB in total, it continues with positional reads
    /// (frames then arrive as copies, <see cref="Frame{T}.IsCopy"/>).
    /// </remarks>
    public ReadBackend Backend { get; init; } = ReadBackend.RandomAccess;

    /// <summary>Mappings one enumeration may make before it switches to positional reads.</summary>
    internal int MaxMappings { get; init; } = 4096;

    /// <summary>Bytes one enumeration may map in total before it switches to positional reads.</summary>
    internal long MaxMappedBytes { get; init; } = 16L << 40;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(PollInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(EndGrace, TimeSpan.Zero);
        if (IdleTimeout < TimeSpan.Zero && IdleTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(IdleTimeout), IdleTimeout, "must be positive or Timeout.InfiniteTimeSpan.");
        }
    }
}
