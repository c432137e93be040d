namespace ScanImageTiff.Native.Interop;

/// <summary>The SITIFF_OK / SITIFF_E_* codes of <c>scanimagetiff.h</c>; keep both in step.</summary>
internal static class Status
{
    public const int Ok = 0;
    public const int Argument = -1;
    public const int Format = -2;
    public const int Unsupported = -3;
    public const int Io = -4;
    public const int OutOfRange = -5;
    public const int BufferTooSmall = -6;
    public const int InvalidHandle = -7;
    public const int NotFound = -8;
    public const int NoMemory = -9;
    public const int NotAvailable = -10;
    public const int Internal = -99;
}
