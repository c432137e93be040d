using ScanImageTiff.Native.Interop;
using ScanImageTiff.Native.Reading;
using ScanImageTiff.Native.Runtime;

namespace ScanImageTiff.Native.Exports;

/// <summary>Pixel copies (all, interval, IFD list) and zero-copy frame pointers.</summary>
internal static unsafe class DataExports
{
    [UnmanagedCallersOnly(EntryPoint = "sitiff_data_size")]
    public static int DataSize(long handle, ulong* bytes)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            NativeCall.NotNull(bytes);
            var a = lease.Session.Acquisition;
            *bytes = AcquisitionReads.ByteCount(AcquisitionReads.Interval(a, 0, a.FrameCount));
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_read_data")]
    public static int ReadData(long handle, byte* buffer, ulong capacity)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            var a = lease.Session.Acquisition;
            AcquisitionReads.Copy(AcquisitionReads.Interval(a, 0, a.FrameCount), buffer, capacity, "the whole stack");
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_interval_size")]
    public static int IntervalSize(long handle, long beg, long end, ulong* bytes)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            NativeCall.NotNull(bytes);
            var a = lease.Session.Acquisition;
            *bytes = AcquisitionReads.ByteCount(AcquisitionReads.Interval(a, beg, end));
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_read_interval")]
    public static int ReadInterval(long handle, long beg, long end, byte* buffer, ulong capacity)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            var a = lease.Session.Acquisition;
            AcquisitionReads.Copy(AcquisitionReads.Interval(a, beg, end), buffer, capacity, $"frames [{beg}, {end})");
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_ifds_size")]
    public static int IfdsSize(long handle, long* ifds, long count, ulong* bytes)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            NativeCall.NotNull(bytes);
            var a = lease.Session.Acquisition;
            *bytes = AcquisitionReads.ByteCount(AcquisitionReads.List(a, Ifds(ifds, count)));
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_read_ifds")]
    public static int ReadIfds(long handle, long* ifds, long count, byte* buffer, ulong capacity)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            var a = lease.Session.Acquisition;
            AcquisitionReads.Copy(AcquisitionReads.List(a, Ifds(ifds, count)), buffer, capacity, $"the {count} IFDs listed");
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_frame_pointer")]
    public static int FramePointer(long handle, long ifd, nint* pixels, ulong* bytes)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            *NativeCall.NotNull(pixels) = 0;
            *NativeCall.NotNull(bytes) = 0;
            var a = lease.Session.Acquisition;
            var (file, frame) = a.Resolve(NativeCall.Index(ifd, a.FrameCount, "ifd"));
            var reader = a.Files[file];
            var info = reader.GetFrameInfo(frame);
            if (info.PixelType is null)
            {
                throw new NotSupportedException($"{reader.FilePath}: IFD {frame} cannot be decoded: {info.Unsupported}");
            }

            if (!FramePointers.TryGet(reader, frame, out var pointer, out var size))
            {
                throw new NotAvailableException(
                    $"IFD {ifd} cannot be handed out without copying (its strips are not one run in host byte order); copy it with sitiff_read_interval");
            }

            *pixels = pointer;
            *bytes = (ulong)size;
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    /// <summary>The caller's IFD list (n = 0 may come with NULL).</summary>
    internal static ReadOnlySpan<long> Ifds(long* ifds, long count)
    {
        if (count < 0 || count > int.MaxValue)
        {
            throw new ArgumentException($"n must be between 0 and {int.MaxValue}, not {count}", nameof(count));
        }

        if (count > 0)
        {
            NativeCall.NotNull(ifds);
        }

        return new ReadOnlySpan<long>(ifds, (int)count);
    }
}
