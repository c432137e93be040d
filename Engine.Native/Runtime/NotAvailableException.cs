namespace ScanImageTiff.Native.Runtime;

/// <summary>The thing asked for does not exist for this file (SITIFF_E_NOT_AVAILABLE).</summary>
internal sealed class NotAvailableException : Exception
{
    public NotAvailableException()
    {
    }

    public NotAvailableException(string message)
        : base(message)
    {
    }

    public NotAvailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
