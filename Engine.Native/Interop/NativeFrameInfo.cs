namespace ScanImageTiff.Native.Interop;

/// <summary><c>sitiff_frame_info</c> (56 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeFrameInfo
{
    public long Width;
    public long Height;
    public int SamplesPerPixel;
    public int BitsPerSample;
    public int Type;
    public int ZeroCopy;
    public long ByteCount;
    public long IfdOffset;
    public long DataOffset;
}
