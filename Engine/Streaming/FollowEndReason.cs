namespace ScanImageTiff.Streaming;

/// <summary>Why a <see cref="FrameFollower"/> stopped.</summary>
public enum FollowEndReason
{
    /// <summary>Still following (or never started).</summary>
    None,

    /// <summary>A frame matched <see cref="FollowOptions.IsLastFrame"/> and nothing followed it within <see cref="FollowOptions.EndGrace"/>.</summary>
    LastFrame,

    /// <summary>No new frame (and no next file) appeared within <see cref="FollowOptions.IdleTimeout"/>.</summary>
    IdleTimeout,

    /// <summary>The cancellation token fired.</summary>
    Cancelled,

    /// <summary>Reading failed; the exception was thrown to the consumer.</summary>
    Faulted,

    /// <summary>The consumer stopped enumerating (<c>break</c>) before the follower ended.</summary>
    Stopped,
}
