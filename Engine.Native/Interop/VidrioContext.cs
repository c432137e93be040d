namespace ScanImageTiff.Native.Interop;

/// <summary>
/// Vidrio's <c>struct ScanImageTiffReader { void *handle; const char *log; }</c> (16 bytes on 64-bit):
/// returned by value from <c>ScanImageTiffReader_Open</c>, passed by pointer to everything else.
/// </summary>
/// <remarks>
/// <see cref="Handle"/> is a <see cref="Runtime.HandleTable"/> id, never a pointer, so a copied, stale or
/// closed context is reported in <see cref="Log"/> instead of being dereferenced. <see cref="Log"/> points
/// to library-owned UTF-8 text (see <c>VidrioLog</c>) that stays valid for the life of the process.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct VidrioContext
{
    public nint Handle;
    public byte* Log;
}
