namespace ScanImageTiff.Native.Interop;

/// <summary><c>sitiff_nd</c>: the layout of Vidrio's <c>struct nd</c> (176 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeNd
{
    public uint NDim;
    public uint Type;
    public fixed long Strides[11];
    public fixed ulong Dims[10];
}
