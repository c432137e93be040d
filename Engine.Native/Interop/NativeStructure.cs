namespace ScanImageTiff.Native.Interop;

/// <summary><c>sitiff_structure</c> (80 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeStructure
{
    public int Era;
    public int ChannelCount;
    public int SlicesPerVolume;
    public int FramesPerSlice;
    public int FlybackFramesPerVolume;
    public int FramesPerVolumeOnDisk;
    public int IfdsPerVolume;
    public int VolumesComplete;
    public int IfdsInPartialVolumes;
    public int VolumesInMetadata;
    public int LogAverageFactor;
    public int StackMode;
    public long IfdCount;
    public long IfdsBefore;
    public long VolumeOffset;
    public double FramesPerFile;
}
