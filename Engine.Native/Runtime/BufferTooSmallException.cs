namespace ScanImageTiff.Native.Runtime;

/// <summary>The caller's destination is smaller than what the call must write (SITIFF_E_BUFFER_TOO_SMALL).</summary>
internal sealed class BufferTooSmallException : Exception
{
    public BufferTooSmallException(string what, ulong needed, ulong capacity)
        : base($"{what} needs {needed} bytes but the buffer holds {capacity}; nothing was copied")
    {
    }

    public BufferTooSmallException()
    {
    }

    public BufferTooSmallException(string message)
        : base(message)
    {
    }

    public BufferTooSmallException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
