using ScanImageTiff.Acquisition;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Native.Reading;

/// <summary>Translates the C API's intervals, IFD lists and buffers into the engine's selections and reads.</summary>
internal static unsafe class AcquisitionReads
{
    /// <summary>Global IFDs [beg, end), flyback frames included (the C API reads IFDs).</summary>
    public static SelectedFrames Interval(ScanImageAcquisition acquisition, long beg, long end)
    {
        if (beg < 0 || end > acquisition.FrameCount || beg > end)
        {
            throw new ArgumentOutOfRangeException(nameof(beg), $"[{beg}, {end}) is not a frame interval: there are {acquisition.FrameCount} frames");
        }

        return acquisition.Select(new AcquisitionSelection { Start = (int)beg, End = (int)end, IncludeFlyback = true });
    }

    /// <summary>A list of global IFDs, optionally cropped to a ROI.</summary>
    public static SelectedFrames List(ScanImageAcquisition acquisition, ReadOnlySpan<long> ifds, int? roi = null)
    {
        var list = new int[ifds.Length];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = ifds[i] is >= 0 and <= int.MaxValue
                ? (int)ifds[i]
                : throw new ArgumentOutOfRangeException(nameof(ifds), ifds[i], $"IFD {ifds[i]} is out of range: there are {acquisition.FrameCount}");
        }

        return acquisition.SelectIfds(list, roi);
    }

    /// <summary>Decoded bytes of the frames; throws NotSupportedException when a frame cannot be decoded.</summary>
    public static ulong ByteCount(SelectedFrames frames) => (ulong)frames.GetByteCount();

    /// <summary>Copies the frames back to back into the caller's buffer (host byte order).</summary>
    public static void Copy(SelectedFrames frames, byte* destination, ulong capacity, string what)
    {
        var needed = ByteCount(frames);
        Runtime.NativeCall.Fits(needed, capacity, what);
        if (needed > 0 && destination == null)
        {
            throw new ArgumentNullException(nameof(destination), "buf must not be NULL");
        }

        frames.ReadBytes((nint)destination, (long)needed);
    }
}
