using ScanImageTiff.Acquisition;
using ScanImageTiff.Native.Interop;
using ScanImageTiff.Native.Runtime;

namespace ScanImageTiff.Native.Exports;

/// <summary>
/// The boundary of every <c>ScanImageTiffReader_*</c> export. Unlike Vidrio, whose errors were sticky
/// (<c>if (r-&gt;log) return 0;</c> at the top of every function), each call starts by clearing
/// <c>r-&gt;log</c> and sets it only when that call fails, so one bad index does not poison the context.
/// </summary>
internal static unsafe class VidrioCall
{
    /// <summary>Starts a call on <paramref name="r"/>: clears its log and enters its session.</summary>
    /// <exception cref="InvalidHandleException">NULL handle (failed open, or closed) or an unknown one.</exception>
    public static SessionLease Enter(VidrioContext* r)
    {
        NativeCall.Begin();
        if (r == null)
        {
            throw new ArgumentNullException(nameof(r), "the ScanImageTiffReader pointer is NULL");
        }

        r->Log = null;
        if (r->Handle == 0)
        {
            throw new InvalidHandleException("the reader is not open (its handle is NULL: Open failed or Close was called)");
        }

        return HandleTable.Enter(r->Handle);
    }

    /// <summary>The one file behind a context (Vidrio's API opens exactly one).</summary>
    public static ScanImageTiffReader File(in SessionLease lease) => lease.Session.Acquisition.Files[0];

    /// <summary>Records <paramref name="e"/> in <c>r-&gt;log</c> (nowhere to put it when r is NULL).</summary>
    public static void Fail(VidrioContext* r, Exception e)
    {
        if (r != null)
        {
            r->Log = VidrioLog.Of(VidrioMessages.Of(e, null));
        }
    }

    /// <summary>
    /// Copies frames [beg, end) into the caller's buffer in host byte order, after checking that they are
    /// readable and fit: nothing is written on failure. The copy is the engine's selection read (parallel,
    /// any size), so there are no 32 767-strip or 2 GiB limits here.
    /// </summary>
    public static void CopyFrames(in SessionLease lease, int beg, int end, byte* buffer, ulong capacity)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ScanImageTiffReader_GetData needs a little-endian host");
        }

        var frames = lease.Session.Acquisition.Select(new AcquisitionSelection { Start = beg, End = end, IncludeFlyback = true });
        var needed = (ulong)frames.GetByteCount();
        if (needed > capacity)
        {
            throw new BufferTooSmallException(
                $"Input buffer size wasn't large enough. Frames [{beg}, {end}) need {needed} bytes but the buffer holds {capacity}; nothing was copied.");
        }

        if (needed > 0)
        {
            NativeCall.NotNull(buffer);
            frames.ReadBytes((nint)buffer, (long)needed);
        }
    }

    /// <summary>An IFD index from C (<c>int</c> or <c>unsigned</c>), checked against the file.</summary>
    public static int Frame(long value, ScanImageTiffReader reader) =>
        NativeCall.Index(value, reader.FrameCount, "frame");

    /// <summary>Frames [beg, end) from C, checked (Vidrio did not check them at all).</summary>
    public static (int Beg, int End) Interval(uint beg, uint end, ScanImageTiffReader reader)
    {
        if (beg > end || end > (uint)reader.FrameCount)
        {
            throw new ArgumentOutOfRangeException(nameof(end), $"frames [{beg}, {end}) are not an interval of the {reader.FrameCount} frames in {reader.FilePath}");
        }

        return ((int)beg, (int)end);
    }
}
