using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Native.Reading;

/// <summary>
/// The shape of a whole acquisition as one stack. Unlike Vidrio's reader, which takes the first IFD's
/// shape and silently garbles the rest, every frame of every file is checked.
/// </summary>
internal static class StackShape
{
    public static (long Frames, FrameInfo First, PixelType Type) Of(ScanImageAcquisition acquisition)
    {
        if (acquisition.FrameCount == 0)
        {
            throw new InvalidOperationException("the file has no intact frames");
        }

        var first = acquisition.GetFrameInfo(0);
        foreach (var reader in acquisition.Files)
        {
            if (reader.FrameCount == 0)
            {
                continue;
            }

            // Throws InvalidOperationException naming the first frame that differs.
            reader.RequireUniform(0, reader.FrameCount);
            var head = reader.GetFrameInfo(0);
            if (!head.SameShape(first))
            {
                throw new InvalidOperationException($"{reader.FilePath}: its frames are {head.Describe()} but the first file's are {first.Describe()}");
            }
        }

        if (first.PixelType is not { } type)
        {
            throw new NotSupportedException($"{acquisition.Files[0].FilePath}: IFD 0 cannot be decoded: {first.Unsupported}");
        }

        return (acquisition.FrameCount, first, type);
    }
}
