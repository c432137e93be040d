using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Native.Runtime;

/// <summary>
/// What one handle stands for: an open acquisition (one or more files) and the answers worth computing
/// once. Calls enter and leave it; <see cref="Close"/> waits for calls in progress, then disposes, so a
/// read can never run on an unmapped file and zero-copy pointers stay valid until close.
/// </summary>
internal sealed class NativeSession
{
    private readonly object _gate = new();
    private readonly Lazy<byte[]> _metadata;
    private readonly Lazy<FrameHeaderColumns> _headers;
    private int _users;
    private bool _closed;

    public NativeSession(ScanImageAcquisition acquisition)
    {
        Acquisition = acquisition;
        _metadata = new Lazy<byte[]>(() => acquisition.Metadata?.GetVidrioMetadata() ?? []);
        _headers = new Lazy<FrameHeaderColumns>(acquisition.ReadFrameHeaderColumns);
    }

    public ScanImageAcquisition Acquisition { get; }

    /// <summary>Vidrio-compatible metadata bytes (computed once; Vidrio recomputed them on every call).</summary>
    public byte[] Metadata => _metadata.Value;

    /// <summary>Frame numbers and timestamps of every IFD, parsed once.</summary>
    public FrameHeaderColumns Headers => _headers.Value;

    /// <summary>Registers a call in progress; false once the session is closed.</summary>
    public bool TryEnter()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            _users++;
            return true;
        }
    }

    public void Exit()
    {
        lock (_gate)
        {
            if (--_users == 0 && _closed)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Refuses new calls, waits for the running ones, then releases the files.</summary>
    public void Close()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            while (_users > 0)
            {
                Monitor.Wait(_gate);
            }
        }

        Acquisition.Dispose();
    }
}
