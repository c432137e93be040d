namespace ScanImageTiff.Native.Interop;

/// <summary><c>sitiff_roi</c> (24 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeRoi
{
    public int Index;
    public int Row;
    public int Column;
    public int Height;
    public int Width;
    public int Reserved;
}
