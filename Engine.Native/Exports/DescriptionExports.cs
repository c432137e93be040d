using ScanImageTiff.Native.Interop;
using ScanImageTiff.Native.Runtime;

namespace ScanImageTiff.Native.Exports;

/// <summary>ImageDescription bytes (one, all, sizes), the metadata string and the ScanImage era.</summary>
internal static unsafe class DescriptionExports
{
    [UnmanagedCallersOnly(EntryPoint = "sitiff_description_size")]
    public static int DescriptionSize(long handle, long ifd, ulong* bytes)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            NativeCall.NotNull(bytes);
            var a = lease.Session.Acquisition;
            var (file, frame) = a.Resolve(NativeCall.Index(ifd, a.FrameCount, "ifd"));
            *bytes = (ulong)a.Files[file].GetDescriptionByteCount(frame);
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_description")]
    public static int Description(long handle, long ifd, byte* buffer, ulong capacity)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            var a = lease.Session.Acquisition;
            var (file, frame) = a.Resolve(NativeCall.Index(ifd, a.FrameCount, "ifd"));
            CopyOut(a.Files[file].GetDescriptionBytes(frame), buffer, capacity, $"the description of IFD {ifd}");
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_description_sizes")]
    public static int DescriptionSizes(long handle, ulong* sizes, long capacity, long* count)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            var a = lease.Session.Acquisition;
            var all = new ulong[a.FrameCount];
            var i = 0;
            foreach (var reader in a.Files)
            {
                for (var f = 0; f < reader.FrameCount; f++)
                {
                    all[i++] = (ulong)reader.GetDescriptionByteCount(f);
                }
            }

            NativeCall.CopyArray<ulong>(all, sizes, capacity, count, "the description size list");
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_all_descriptions_size")]
    public static int AllDescriptionsSize(long handle, ulong* bytes)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            *NativeCall.NotNull(bytes) = TotalDescriptionBytes(lease.Session);
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_all_descriptions")]
    public static int AllDescriptions(long handle, byte* buffer, ulong capacity)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            var needed = TotalDescriptionBytes(lease.Session);
            NativeCall.Fits(needed, capacity, "all descriptions");
            if (needed > 0)
            {
                NativeCall.NotNull(buffer);
            }

            foreach (var reader in lease.Session.Acquisition.Files)
            {
                buffer = DescriptionCopy.CopyAll(reader, buffer);
            }

            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_metadata_size")]
    public static int MetadataSize(long handle, ulong* bytes)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            *NativeCall.NotNull(bytes) = (ulong)lease.Session.Metadata.Length;
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_metadata")]
    public static int Metadata(long handle, byte* buffer, ulong capacity)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            CopyOut(lease.Session.Metadata, buffer, capacity, "the metadata");
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_get_era")]
    public static int GetEra(long handle, int* era)
    {
        try
        {
            using var lease = NativeCall.Enter(handle);
            *NativeCall.NotNull(era) = TypeCodes.Of(lease.Session.Acquisition.Metadata?.Era);
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    private static ulong TotalDescriptionBytes(NativeSession session)
    {
        ulong total = 0;
        foreach (var reader in session.Acquisition.Files)
        {
            total += DescriptionCopy.TotalBytes(reader);
        }

        return total;
    }

    private static void CopyOut(ReadOnlySpan<byte> source, byte* buffer, ulong capacity, string what)
    {
        NativeCall.Fits((ulong)source.Length, capacity, what);
        if (source.Length > 0)
        {
            source.CopyTo(new Span<byte>(NativeCall.NotNull(buffer), source.Length));
        }
    }
}
