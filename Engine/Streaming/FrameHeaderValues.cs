using System.Buffers.Text;

namespace ScanImageTiff.Streaming;

/// <summary>
/// Finds one integer in a ScanImage frame header without parsing the rest: text form
/// (<c>key = 1</c>) and JSON form (<c>"key": 1</c>, also nested).
/// </summary>
internal static class FrameHeaderValues
{
    public static bool TryGetInteger(ReadOnlySpan<byte> text, ReadOnlySpan<byte> key, out long value)
    {
        var from = 0;
        while (from < text.Length)
        {
            var at = text[from..].IndexOf(key);
            if (at < 0)
            {
                break;
            }

            at += from;
            from = at + key.Length;
            if (at > 0 && IsWordByte(text[at - 1]))
            {
                continue;
            }

            var rest = text[from..];
            if (!rest.IsEmpty && rest[0] == (byte)'"')
            {
                rest = rest[1..];
            }

            rest = rest.TrimStart(" \t"u8);
            if (rest.IsEmpty || (rest[0] != (byte)'=' && rest[0] != (byte)':'))
            {
                continue;
            }

            rest = rest[1..].TrimStart(" \t"u8);
            if (Utf8Parser.TryParse(rest, out value, out _))
            {
                return true;
            }

            if (rest.StartsWith("true"u8) || rest.StartsWith("false"u8))
            {
                value = rest[0] == (byte)'t' ? 1 : 0;
                return true;
            }
        }

        value = 0;
        return false;
    }

    private static bool IsWordByte(byte b) => char.IsAsciiLetterOrDigit((char)b) || b == (byte)'_' || b == (byte)'.';
}
