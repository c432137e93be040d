namespace ScanImageTiff.Reading;

/// <summary>Positions that are frame indices themselves: a range of frames is arithmetic, no index array.</summary>
internal readonly struct FrameRange : IFrameIndices
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexAt(int ordinal) => ordinal;
}
