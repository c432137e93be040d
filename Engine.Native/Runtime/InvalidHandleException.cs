namespace ScanImageTiff.Native.Runtime;

/// <summary>A handle that was never issued or is already closed (SITIFF_E_INVALID_HANDLE).</summary>
internal sealed class InvalidHandleException : Exception
{
    public InvalidHandleException(long handle)
        : base(handle == 0 ? "handle 0 is never valid (did the open call fail?)" : $"handle {handle} is not open (never opened, or already closed)")
    {
    }

    public InvalidHandleException()
    {
    }

    public InvalidHandleException(string message)
        : base(message)
    {
    }

    public InvalidHandleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
