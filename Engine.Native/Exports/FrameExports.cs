using ScanImageTiff.Acquisition;
using ScanImageTiff.Native.Interop;
using ScanImageTiff.Native.Reading;
using ScanImageTiff.Native.Runtime;

namespace ScanImageTiff.Native.Exports;

/// <summary>Frame count, stack shape (ours and Vidrio's), per-IFD information.</summary>
internal static unsafe class FrameExports
{
    [UnmanagedCallersOnly(EntryPoint = "sitiff_frame_count")]
    public static int FrameCount(long handle, long* count)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            *NativeCall.NotNull(count) = lease.Session.Acquisition.FrameCount;
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_file_count")]
    public static int FileCount(long handle, long* count)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            *NativeCall.NotNull(count) = lease.Session.Acquisition.Files.Count;
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_get_shape")]
    public static int GetShape(long handle, NativeShape* shape)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            NativeCall.NotNull(shape);
            var (frames, first) = StackShape.Of(lease.Session.Acquisition);
            var type = first.PixelType;
            *shape = new NativeShape
            {
                Frames = frames,
                Height = first.Height,
                Width = first.Width,
                SamplesPerPixel = first.SamplesPerPixel,
                Type = TypeCodes.Of(type),
                BytesPerSample = type.Size(),
            };
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    /// <summary>
    /// Vidrio's <c>GetShape</c>: dims [samples, width, height, frames] (fastest first), every dimension
    /// equal to 1 removed, unused dims 1, strides[i+1] = strides[i] × dims[i].
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "sitiff_vidrio_shape")]
    public static int VidrioShape(long handle, NativeNd* nd)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            NativeCall.NotNull(nd);
            var (frames, first) = StackShape.Of(lease.Session.Acquisition);
            var type = first.PixelType;
            var result = default(NativeNd);
            result.Type = (uint)TypeCodes.Of(type);
            ReadOnlySpan<long> all = [first.SamplesPerPixel, first.Width, first.Height, frames];
            var n = 0;
            foreach (var d in all)
            {
                if (d != 1)
                {
                    result.Dims[n++] = (ulong)d;
                }
            }

            result.NDim = (uint)n;
            for (var i = n; i < 10; i++)
            {
                result.Dims[i] = 1;
            }

            result.Strides[0] = 1;
            for (var i = 0; i < 10; i++)
            {
                result.Strides[i + 1] = result.Strides[i] * (long)result.Dims[i];
            }

            *nd = result;
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_get_frame_info")]
    public static int GetFrameInfo(long handle, long ifd, NativeFrameInfo* info)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            NativeCall.NotNull(info);
            var acquisition = lease.Session.Acquisition;
            var (file, frame) = acquisition.Resolve(NativeCall.Index(ifd, acquisition.FrameCount, "ifd"));
            var reader = acquisition.Files[file];
            var f = reader.GetFrameInfo(frame);
            *info = new NativeFrameInfo
            {
                Width = f.Width,
                Height = f.Height,
                SamplesPerPixel = f.SamplesPerPixel,
                BitsPerSample = f.BitsPerSample,
                Type = f.PixelType is { } t ? TypeCodes.Of(t) : -1,
                ZeroCopy = reader.CanReadZeroCopy(frame) ? 1 : 0,
                ByteCount = f.PixelType is null ? -1 : f.ByteCount,
                IfdOffset = f.IfdOffset,
                DataOffset = f.DataOffset,
            };
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }
}
