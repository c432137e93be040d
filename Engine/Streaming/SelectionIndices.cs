using ScanImageTiff.Reading;

namespace ScanImageTiff.Streaming;

/// <summary>A <see cref="FrameSelection"/> as the positions of an <see cref="IntervalCopier"/> copy.</summary>
internal readonly struct SelectionIndices(FrameSelection selection) : IFrameIndices
{
    private readonly FrameSelection _selection = selection;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexAt(int ordinal) => _selection.IndexAt(ordinal);
}
