using System.Globalization;
using System.Text.Json;

namespace ScanImageTiff.ScanImage;

/// <summary>
/// Builds and throws the errors for malformed JSON metadata (ThrowHelper style, as in System.Text.Json): a
/// <see cref="TiffFormatException"/>, the library's one format error, so callers catch malformed metadata and
/// malformed TIFF structures alike. Its <see cref="TiffFormatException.FileOffset"/> (also in the message and,
/// for earlier callers, in <see cref="Exception.Data"/> under <see cref="BytePositionKey"/>) is the offset of the
/// offending byte in the metadata text that was parsed (the ScanImage section or ImageDescription bytes), and
/// its <see cref="TiffFormatException.IfdIndex"/> is -1.
/// </summary>
internal static class MetadataErrors
{
    /// <summary>Key of the <see cref="long"/> byte offset in <see cref="Exception.Data"/>.</summary>
    public const string BytePositionKey = "BytePosition";

    /// <summary>Throws <see cref="MalformedJson"/>'s exception.</summary>
    [DoesNotReturn]
    public static void ThrowMalformedJson(string reason, long bytePosition, Exception? inner = null) =>
        throw MalformedJson(reason, bytePosition, inner);

    /// <summary>The error for malformed JSON at <paramref name="bytePosition"/> (for <c>throw</c> expressions; prefer <see cref="ThrowMalformedJson"/>).</summary>
    public static TiffFormatException MalformedJson(string reason, long bytePosition, Exception? inner = null)
    {
        var problem = string.Create(CultureInfo.InvariantCulture, $"malformed JSON metadata: {reason}");
        var exception = new TiffFormatException(problem, bytePosition, inner);
        exception.Data[BytePositionKey] = bytePosition;
        return exception;
    }

    /// <summary>
    /// Converts the reader's (line, byte-in-line) into an absolute offset. <see cref="Utf8JsonReader"/> counts
    /// lines at <c>\n</c> only and restarts the in-line count after it, so walking the <c>\n</c>s is exact.
    /// </summary>
    public static TiffFormatException FromJsonException(JsonException exception, ReadOnlySpan<byte> utf8, long baseOffset)
    {
        long position = baseOffset;
        if (exception.LineNumber is long line && exception.BytePositionInLine is long inLine)
        {
            var lineStart = 0;
            for (long i = 0; i < line; i++)
            {
                var next = utf8[lineStart..].IndexOf((byte)'\n');
                if (next < 0)
                {
                    break;
                }

                lineStart += next + 1;
            }

            position += lineStart + inLine;
        }

        return MalformedJson(exception.Message, position, exception);
    }
}
