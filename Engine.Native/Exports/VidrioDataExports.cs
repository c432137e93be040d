using ScanImageTiff.Native.Interop;

namespace ScanImageTiff.Native.Exports;

/// <summary>Vidrio's shape, frame count and pixel copies (tiff.reader.api.h 1.4).</summary>
internal static unsafe class VidrioDataExports
{
    /// <summary>
    /// Vidrio's <c>struct nd</c>: dims <c>[samples, width, height, frames]</c>, fastest first, with every
    /// dimension equal to 1 removed and the unused ones set to 1; <c>strides[0] = 1</c>,
    /// <c>strides[i + 1] = strides[i] * dims[i]</c>. Unlike Vidrio (first IFD only) every frame is checked:
    /// frames of different shapes or an undecodable encoding leave a zeroed struct and a message in log.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "ScanImageTiffReader_GetShape")]
    public static NativeNd GetShape(VidrioContext* r)
    {
        var shape = default(NativeNd);
        try
        {
            using var lease = VidrioCall.Enter(r);
            var (frames, height, width, samples, type) = VidrioCall.File(lease).GetStackShape();
            ReadOnlySpan<ulong> all = [(ulong)samples, (ulong)width, (ulong)height, (ulong)frames];
            uint n = 0;
            foreach (var d in all)
            {
                if (d != 1)
                {
                    shape.Dims[n++] = d;
                }
            }

            for (var i = n; i < 10; i++)
            {
                shape.Dims[i] = 1;
            }

            shape.Strides[0] = 1;
            for (var i = 0; i < 10; i++)
            {
                shape.Strides[i + 1] = shape.Strides[i] * (long)shape.Dims[i];
            }

            shape.NDim = n;
            shape.Type = (uint)TypeCodes.Of(type);
            return shape;
        }
        catch (Exception e)
        {
            VidrioCall.Fail(r, e);
            return default;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "ScanImageTiffReader_GetFrameCount")]
    public static uint GetFrameCount(VidrioContext* r)
    {
        try
        {
            using var lease = VidrioCall.Enter(r);
            return (uint)VidrioCall.File(lease).FrameCount;
        }
        catch (Exception e)
        {
            VidrioCall.Fail(r, e);
            return 0;
        }
    }

    /// <summary>Bytes of the decoded stack (Vidrio: the sum of StripByteCounts, wrong for compressed files).</summary>
    [UnmanagedCallersOnly(EntryPoint = "ScanImageTiffReader_GetDataSizeBytes")]
    public static nuint GetDataSizeBytes(VidrioContext* r)
    {
        try
        {
            using var lease = VidrioCall.Enter(r);
            var reader = VidrioCall.File(lease);
            return (nuint)reader.GetByteCount(0, reader.FrameCount);
        }
        catch (Exception e)
        {
            VidrioCall.Fail(r, e);
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "ScanImageTiffReader_GetData")]
    public static int GetData(VidrioContext* r, byte* buffer, nuint capacity)
    {
        try
        {
            using var lease = VidrioCall.Enter(r);
            var reader = VidrioCall.File(lease);
            reader.GetStackShape();
            VidrioCall.CopyFrames(lease, 0, reader.FrameCount, buffer, capacity);
            return 1;
        }
        catch (Exception e)
        {
            VidrioCall.Fail(r, e);
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "ScanImageTiffReader_GetFrameIntervalSizeBytes")]
    public static nuint GetFrameIntervalSizeBytes(VidrioContext* r, uint beg, uint end)
    {
        try
        {
            using var lease = VidrioCall.Enter(r);
            var reader = VidrioCall.File(lease);
            var (b, e) = VidrioCall.Interval(beg, end, reader);
            return (nuint)reader.GetByteCount(b, e);
        }
        catch (Exception e)
        {
            VidrioCall.Fail(r, e);
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "ScanImageTiffReader_GetFrameInterval")]
    public static int GetFrameInterval(VidrioContext* r, uint beg, uint end, byte* buffer, nuint capacity)
    {
        try
        {
            using var lease = VidrioCall.Enter(r);
            var reader = VidrioCall.File(lease);
            var (b, e) = VidrioCall.Interval(beg, end, reader);
            VidrioCall.CopyFrames(lease, b, e, buffer, capacity);
            return 1;
        }
        catch (Exception e)
        {
            VidrioCall.Fail(r, e);
            return 0;
        }
    }
}
