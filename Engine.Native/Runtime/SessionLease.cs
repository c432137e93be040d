namespace ScanImageTiff.Native.Runtime;

/// <summary>One call's hold on a session: <c>using var lease = HandleTable.Enter(h);</c>.</summary>
internal readonly ref struct SessionLease
{
    public SessionLease(NativeSession session) => Session = session;

    public NativeSession Session { get; }

    public void Dispose() => Session.Exit();
}
