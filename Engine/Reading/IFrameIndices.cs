namespace ScanImageTiff.Reading;

/// <summary>
/// Maps positions of a copy to frame (IFD) indices. Implemented by structs and used as a generic argument
/// constrained to <c>struct</c>, so the JIT specializes <see cref="IntervalCopier"/> per kind and the per-frame
/// lookup is inlined, never an interface call.
/// </summary>
internal interface IFrameIndices
{
    /// <summary>The frame at position <paramref name="ordinal"/> (already range-checked by the caller).</summary>
    int IndexAt(int ordinal);
}
