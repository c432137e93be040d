using System.Collections.Concurrent;

namespace ScanImageTiff.Native.Runtime;

/// <summary>
/// Maps the integers handed to C callers to sessions. Handles are never pointers (a stale or forged one
/// is just a missing key) and are never reused within a process.
/// </summary>
internal static class HandleTable
{
    private static readonly ConcurrentDictionary<long, NativeSession> s_sessions = new();
    private static long s_next;

    public static long Add(NativeSession session)
    {
        var id = Interlocked.Increment(ref s_next);
        s_sessions[id] = session;
        return id;
    }

    /// <summary>Enters the session behind <paramref name="handle"/> for the length of one call.</summary>
    /// <exception cref="InvalidHandleException">Unknown or closed handle.</exception>
    public static SessionLease Enter(long handle)
    {
        if (!s_sessions.TryGetValue(handle, out var session) || !session.TryEnter())
        {
            throw new InvalidHandleException(handle);
        }

        return new SessionLease(session);
    }

    /// <summary>Removes and closes the session; false when the handle is unknown (already closed).</summary>
    public static bool Remove(long handle)
    {
        if (!s_sessions.TryRemove(handle, out var session))
        {
            return false;
        }

        session.Close();
        return true;
    }
}
