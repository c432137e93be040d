using ScanImageTiff.Native.Interop;
using ScanImageTiff.Native.Runtime;

namespace ScanImageTiff.Native.Exports;

/// <summary>Vidrio's ImageDescription and metadata functions (tiff.reader.api.h 1.4).</summary>
internal static unsafe class VidrioTextExports
{
    [UnmanagedCallersOnly(EntryPoint = "ScanImageTiffReader_GetImageDescriptionCount")]
    public static int GetImageDescriptionCount(VidrioContext* r)
    {
        try
        {
            using var lease = VidrioCall.Enter(r);
            return VidrioCall.File(lease).FrameCount;
        }
        catch (Exception e)
        {
            VidrioCall.Fail(r, e);
            return 0;
        }
    }

    /// <summary>The tag's byte count (NUL and padding included); 0 for an IFD without a description.</summary>
    [UnmanagedCallersOnly(EntryPoint = "ScanImageTiffReader_GetImageDescriptionSizeBytes")]
    public static nuint GetImageDescriptionSizeBytes(VidrioContext* r, int frame)
    {
        try
        {
            using var lease = VidrioCall.Enter(r);
            var reader = VidrioCall.File(lease);
            return (nuint)reader.GetDescriptionByteCount(VidrioCall.Frame(frame, reader));
        }
        catch (Exception e)
        {
            VidrioCall.Fail(r, e);
            return 0;
        }
    }

    /// <summary>Copies min(capacity, tag bytes) raw bytes, as Vidrio did (a short buffer truncates).</summary>
    [UnmanagedCallersOnly(EntryPoint = "ScanImageTiffReader_GetImageDescription")]
    public static int GetImageDescription(VidrioContext* r, int frame, byte* buffer, nuint capacity)
    {
        try
        {
            using var lease = VidrioCall.Enter(r);
            var reader = VidrioCall.File(lease);
            var bytes = reader.GetDescriptionBytes(VidrioCall.Frame(frame, reader));
            var n = (int)Math.Min((ulong)bytes.Length, capacity);
            if (n > 0)
            {
                bytes.AsSpan(0, n).CopyTo(new Span<byte>(NativeCall.NotNull(buffer), n));
            }

            return 1;
        }
        catch (Exception e)
        {
            VidrioCall.Fail(r, e);
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "ScanImageTiffReader_GetAllImageDescriptionsSizeBytes")]
    public static nuint GetAllImageDescriptionsSizeBytes(VidrioContext* r)
    {
        try
        {
            using var lease = VidrioCall.Enter(r);
            return (nuint)DescriptionCopy.TotalBytes(VidrioCall.File(lease));
        }
        catch (Exception e)
        {
            VidrioCall.Fail(r, e);
            return 0;
        }
    }

    /// <summary>
    /// Every description back to back, each with its own NUL and padding. A buffer smaller than the total
    /// is an error and nothing is written.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "ScanImageTiffReader_GetAllImageDescriptions")]
    public static int GetAllImageDescriptions(VidrioContext* r, byte* buffer, nuint capacity)
    {
        try
        {
            using var lease = VidrioCall.Enter(r);
            var reader = VidrioCall.File(lease);
            var needed = DescriptionCopy.TotalBytes(reader);
            NativeCall.Fits(needed, capacity, "all image descriptions");
            if (needed > 0)
            {
                NativeCall.NotNull(buffer);
            }

            DescriptionCopy.CopyAll(reader, buffer);

            return 1;
        }
        catch (Exception e)
        {
            VidrioCall.Fail(r, e);
            return 0;
        }
    }

    /// <summary>Bytes of the metadata (computed once per handle; Vidrio recomputed it on every call).</summary>
    [UnmanagedCallersOnly(EntryPoint = "ScanImageTiffReader_GetMetadataSizeBytes")]
    public static nuint GetMetadataSizeBytes(VidrioContext* r)
    {
        try
        {
            using var lease = VidrioCall.Enter(r);
            return (nuint)lease.Session.Metadata.Length;
        }
        catch (Exception e)
        {
            VidrioCall.Fail(r, e);
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "ScanImageTiffReader_GetMetadata")]
    public static int GetMetadata(VidrioContext* r, byte* buffer, nuint capacity)
    {
        try
        {
            using var lease = VidrioCall.Enter(r);
            var metadata = lease.Session.Metadata;
            NativeCall.Fits((ulong)metadata.Length, capacity, "the metadata");
            if (metadata.Length > 0)
            {
                metadata.CopyTo(new Span<byte>(NativeCall.NotNull(buffer), metadata.Length));
            }

            return 1;
        }
        catch (Exception e)
        {
            VidrioCall.Fail(r, e);
            return 0;
        }
    }
}
