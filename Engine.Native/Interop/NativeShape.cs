namespace ScanImageTiff.Native.Interop;

/// <summary><c>sitiff_shape</c> (40 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeShape
{
    public long Frames;
    public long Height;
    public long Width;
    public long SamplesPerPixel;
    public int Type;
    public int BytesPerSample;
}
