namespace ScanImageTiff.Reading;

/// <summary>Receives the frames <see cref="FrameReader.VisitNearby"/> read together, in order, where they lie in its scratch.</summary>
internal interface INearbyFrameSink
{
    /// <summary>One frame's bytes in host byte order; valid only during the call.</summary>
    void Frame(ReadOnlySpan<byte> bytes);
}
