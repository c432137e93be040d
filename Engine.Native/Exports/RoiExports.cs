using System.Text;
using ScanImageTiff.Native.Interop;
using ScanImageTiff.Native.Reading;
using ScanImageTiff.Native.Runtime;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Native.Exports;

/// <summary>Multi-ROI fields: count, rectangles, names, and copies of one field over many IFDs.</summary>
internal static unsafe class RoiExports
{
    [UnmanagedCallersOnly(EntryPoint = "sitiff_roi_count")]
    public static int RoiCount(long handle, int* count)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            *NativeCall.NotNull(count) = lease.Session.Acquisition.Rois.Count;
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_roi_rect")]
    public static int RoiRect(long handle, int roi, NativeRoi* rect)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            NativeCall.NotNull(rect);
            var r = RoiAt(lease.Session.Acquisition, roi);
            *rect = new NativeRoi { Index = r.Index, Row = r.Row, Column = r.Column, Height = r.Height, Width = r.Width };
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_roi_name")]
    public static int RoiName(long handle, int roi, byte* buffer, ulong capacity, ulong* bytes)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            NativeCall.NotNull(bytes);
            var name = Encoding.UTF8.GetBytes(RoiAt(lease.Session.Acquisition, roi).Name);
            *bytes = (ulong)name.Length;
            if (buffer != null)
            {
                NativeCall.Fits((ulong)name.Length, capacity, $"the name of ROI {roi}");
                name.CopyTo(new Span<byte>(buffer, name.Length));
            }

            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_roi_size")]
    public static int RoiSize(long handle, int roi, long* ifds, long count, ulong* bytes)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            NativeCall.NotNull(bytes);
            var a = lease.Session.Acquisition;
            *bytes = AcquisitionReads.ByteCount(AcquisitionReads.List(a, DataExports.Ifds(ifds, count), RoiAt(a, roi).Index));
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_read_roi")]
    public static int ReadRoi(long handle, int roi, long* ifds, long count, byte* buffer, ulong capacity)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            var a = lease.Session.Acquisition;
            AcquisitionReads.Copy(AcquisitionReads.List(a, DataExports.Ifds(ifds, count), RoiAt(a, roi).Index), buffer, capacity, $"ROI {roi} of {count} IFDs");
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    private static RoiRectangle RoiAt(ScanImageAcquisition acquisition, int roi)
    {
        var rois = acquisition.Rois;
        if (rois.Count == 0)
        {
            throw new NotAvailableException($"{acquisition.Files[0].FilePath} has no multi-ROI fields (multi-ROI imaging was off, or it is not a ScanImage 2016+ file)");
        }

        return (uint)roi < (uint)rois.Count
            ? rois[roi]
            : throw new ArgumentOutOfRangeException(nameof(roi), roi, $"ROI {roi} is out of range: there are {rois.Count}");
    }
}
