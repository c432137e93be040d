namespace ScanImageTiff.Native.Exports;

/// <summary>
/// Error text for <c>ScanImageTiffReader.log</c>: Vidrio's wording where Vidrio had one for the same
/// failure (so scripts that look for "No such file or directory" keep working), followed by ours when
/// ours says more; otherwise ours.
/// </summary>
internal static class VidrioMessages
{
    public static string Of(Exception e, string? path) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException when path is not null && Directory.Exists(path) => "Is a directory",
        UnauthorizedAccessException => "Permission denied",
        TiffFormatException { FileOffset: 0 } f when IsHeaderProblem(f) =>
            $"Invalid tiff.  Endian-ness check returned an invalid id. ({f.Message})",
        TiffFormatException { FileOffset: 2 } f => $"Unrecognized Tiff sub-type ({f.Message})",

        // .NET appends " (Parameter 'x')" to the message; the C caller has no parameter names.
        ArgumentException { ParamName: { } name } a => a.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal),
        _ => e.Message,
    };

    private static bool IsHeaderProblem(TiffFormatException f) =>
        f.Problem.StartsWith("not a TIFF", StringComparison.Ordinal)
        || f.Problem.StartsWith("file is too short", StringComparison.Ordinal)
        || f.Problem.StartsWith("file is empty", StringComparison.Ordinal);
}
