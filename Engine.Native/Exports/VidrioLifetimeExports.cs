using ScanImageTiff.Native.Interop;
using ScanImageTiff.Native.Runtime;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Native.Exports;

/// <summary>Vidrio's ScanImageTiffReader_Open, _Close and _APIVersion (tiff.reader.api.h 1.4).</summary>
internal static unsafe class VidrioLifetimeExports
{
    [UnmanagedCallersOnly(EntryPoint = "ScanImageTiffReader_APIVersion")]
    public static byte* ApiVersion() =>
        (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(
            "Version 1.4-scanimagetiff by scanimagetiff (C# NativeAOT engine, Vidrio ScanImageTiffReader 1.4 C API)\0"u8));

    [UnmanagedCallersOnly(EntryPoint = "ScanImageTiffReader_Open")]
    public static VidrioContext Open(byte* filename)
    {
        string? path = null;
        try
        {
            NativeCall.Begin();
            path = filename == null ? null : Marshal.PtrToStringUTF8((nint)filename);
            if (string.IsNullOrEmpty(path))
            {
                throw new ArgumentException(filename == null ? "filename is NULL" : "filename is empty", nameof(filename));
            }

            var handle = HandleTable.Add(new NativeSession(ScanImageAcquisition.Open([path])));
            return new VidrioContext { Handle = (nint)handle };
        }
        catch (Exception e)
        {
            return new VidrioContext { Log = VidrioLog.Of(VidrioMessages.Of(e, path)) };
        }
    }

    /// <summary>
    /// Closes and sets <c>handle</c> to NULL. Closing NULL, a closed handle or a copy of a context that was
    /// already closed does nothing (Vidrio deleted whatever the pointer held: a double close crashed).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "ScanImageTiffReader_Close")]
    public static void Close(VidrioContext* r)
    {
        try
        {
            NativeCall.Begin();
            if (r == null || r->Handle == 0)
            {
                return;
            }

            HandleTable.Remove(r->Handle);
            r->Handle = 0;
        }
        catch (Exception e)
        {
            // Close has no result: the failure is reported where Vidrio reports everything.
            VidrioCall.Fail(r, e);
        }
    }
}
