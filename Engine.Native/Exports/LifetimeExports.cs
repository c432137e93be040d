using ScanImageTiff.Native.Interop;
using ScanImageTiff.Native.Runtime;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Native.Exports;

/// <summary>sitiff_open, sitiff_open_acquisition, sitiff_close.</summary>
internal static unsafe class LifetimeExports
{
    [UnmanagedCallersOnly(EntryPoint = "sitiff_open")]
    public static int Open(byte* path, long* handle)
    {
        try
        {
            NativeCall.Begin();
            *NativeCall.NotNull(handle) = 0;
            var p = PathOf(path, nameof(path));
            *handle = HandleTable.Add(new NativeSession(ScanImageAcquisition.Open([p])));
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_open_acquisition")]
    public static int OpenAcquisition(nint* paths, long count, long* handle)
    {
        try
        {
            NativeCall.Begin();
            *NativeCall.NotNull(handle) = 0;
            NativeCall.NotNull(paths);
            if (count <= 0 || count > 1_000_000)
            {
                throw new ArgumentException($"n must be between 1 and 1000000, not {count}", nameof(count));
            }

            var list = new string[count];
            for (var i = 0; i < count; i++)
            {
                list[i] = PathOf((byte*)paths[i], $"paths[{i}]");
            }

            *handle = HandleTable.Add(new NativeSession(ScanImageAcquisition.Open(list)));
            return Status.Ok;
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "sitiff_close")]
    public static int Close(long handle)
    {
        try
        {
            NativeCall.Begin();
            if (handle == 0 || HandleTable.Remove(handle))
            {
                return Status.Ok;
            }

            throw new InvalidHandleException(handle);
        }
        catch (Exception e)
        {
            return NativeCall.Fail(e);
        }
    }

    private static string PathOf(byte* path, string name)
    {
        if (path == null)
        {
            throw new ArgumentNullException(name, $"{name} must not be NULL");
        }

        var text = Marshal.PtrToStringUTF8((nint)path);
        if (string.IsNullOrEmpty(text))
        {
            throw new ArgumentException($"{name} is empty", name);
        }

        return text;
    }
}
