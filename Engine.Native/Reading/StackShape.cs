using ScanImageTiff.Acquisition;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Native.Reading;

/// <summary>
/// The shape of a whole acquisition as one stack. Unlike Vidrio's reader, which takes the first IFD's
/// shape and silently garbles the rest, every frame of every file is checked (by the engine).
/// </summary>
internal static class StackShape
{
    public static (long Frames, FrameShape Shape) Of(ScanImageAcquisition acquisition)
    {
        if (acquisition.FrameCount == 0)
        {
            throw new InvalidOperationException("the file has no intact frames");
        }

        // Throws NotSupportedException naming the first frame that cannot be decoded.
        var all = acquisition.Select(new AcquisitionSelection { IncludeFlyback = true });
        var shape = all.GetUniformShape()
            ?? throw new InvalidOperationException($"{acquisition.Files[0].FilePath}: frames differ in shape or sample type (IFD 0 is {all.GetShape(0)}); read them one at a time");
        return (acquisition.FrameCount, shape);
    }
}
