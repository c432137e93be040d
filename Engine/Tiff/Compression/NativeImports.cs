namespace ScanImageTiff.Tiff.Compression;

/// <summary>Loads an optional native library by the first of its platform names that resolves.</summary>
internal static class NativeImports
{
    public static bool TryLoad(string[] names, out nint handle)
    {
        foreach (var name in names)
        {
            if (NativeLibrary.TryLoad(name, typeof(NativeImports).Assembly, null, out handle))
            {
                return true;
            }
        }

        handle = 0;
        return false;
    }
}
