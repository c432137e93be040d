using System.Text;
using System.Text.Unicode;

namespace ScanImageTiff.ScanImage;

/// <summary>Turns metadata bytes into text without ever failing on them.</summary>
internal static class MetadataText
{
    /// <summary>
    /// UTF-8 when the bytes are valid UTF-8 (all ScanImage output seen is ASCII); otherwise Latin-1, which maps
    /// every byte to a character, so Windows-1252 paths in old files survive instead of turning into U+FFFD.
    /// This is tifffile's order too (UTF-8, then a single-byte fallback).
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
        => Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
}
