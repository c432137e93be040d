using System.Globalization;
using System.Text.Json;

namespace ScanImageTiff.ScanImage;

/// <summary>
/// Builds the <see cref="InvalidDataException"/>s for malformed JSON metadata. That type is sealed, so the
/// byte offset travels in the message and in <see cref="Exception.Data"/> under <see cref="BytePositionKey"/>.
/// </summary>
internal static class MetadataErrors
{
    /// <summary>Key of the <see cref="long"/> byte offset in <see cref="Exception.Data"/>.</summary>
    public const string BytePositionKey = "BytePosition";

    public static InvalidDataException MalformedJson(string reason, long bytePosition, Exception? inner = null)
    {
        var message = string.Create(CultureInfo.InvariantCulture, $"Malformed JSON at byte {bytePosition}: {reason}");
        var exception = new InvalidDataException(message, inner);
        exception.Data[BytePositionKey] = bytePosition;
        return exception;
    }

    /// <summary>
    /// Converts the reader's (line, byte-in-line) into an absolute offset. <see cref="Utf8JsonReader"/> counts
    /// lines at <c>\n</c> only and restarts the in-line count after it, so walking the <c>\n</c>s is exact.
    /// </summary>
    public static InvalidDataException FromJsonException(JsonException exception, ReadOnlySpan<byte> utf8, long baseOffset)
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
