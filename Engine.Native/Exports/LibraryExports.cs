using ScanImageTiff.Native.Runtime;

namespace ScanImageTiff.Native.Exports;

/// <summary>Library-wide entry points: version and the thread's last error.</summary>
internal static unsafe class LibraryExports
{
    /// <summary>Also in <c>scanimagetiff.h</c> as SITIFF_ABI_VERSION.</summary>
    public const int AbiVersion = 1;

    [UnmanagedCallersOnly(EntryPoint = "sitiff_api_version")]
    public static byte* ApiVersion() =>
        (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(
            "Version 1.0.0 scanimagetiff (C# NativeAOT; ScanImageTiffReader 1.4 compatible C API, ABI 1)\0"u8));

    [UnmanagedCallersOnly(EntryPoint = "sitiff_abi_version")]
    public static int GetAbiVersion() => AbiVersion;

    [UnmanagedCallersOnly(EntryPoint = "sitiff_last_error")]
    public static byte* GetLastError() => LastError.Pointer;

    [UnmanagedCallersOnly(EntryPoint = "sitiff_last_error_offset")]
    public static long GetLastErrorOffset() => LastError.Offset;
}
