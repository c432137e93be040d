namespace ScanImageTiff.Native.Interop;

/// <summary><c>sitiff_coordinates</c> (40 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeCoordinates
{
    public long Ifd;
    public int Volume;
    public int Slice;
    public int FrameInSlice;
    public int FrameInVolume;
    public int ChannelIndex;
    public int Channel;
    public int Flyback;
    public int Reserved;
}
