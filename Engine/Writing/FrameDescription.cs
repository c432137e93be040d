using System.Text;
using System.Text.Unicode;

namespace ScanImageTiff;

/// <summary>
/// A frame's ImageDescription for <see cref="TiffStackWriter"/>: none, a string, or text already in UTF-8 (an export
/// copies its source's bytes without decoding and encoding them again).
/// </summary>
internal readonly ref struct FrameDescription
{
    private readonly string? _text;
    private readonly ReadOnlySpan<byte> _utf8;
    private readonly bool _isUtf8;

    private FrameDescription(string? text, ReadOnlySpan<byte> utf8, bool isUtf8)
    {
        _text = text;
        _utf8 = utf8;
        _isUtf8 = isUtf8;
    }

    /// <summary>True when there is no description (null text).</summary>
    public bool IsNone => !_isUtf8 && _text is null;

    /// <summary>Bytes of the text in UTF-8 (0 for none).</summary>
    public int ByteCount => _isUtf8 ? _utf8.Length : Encoding.UTF8.GetByteCount(_text ?? string.Empty);

    /// <summary>The text, or none when <paramref name="text"/> is null.</summary>
    public static FrameDescription Of(string? text) => new(text, default, false);

    /// <summary>Text given as valid UTF-8 (the caller checked), written as it is.</summary>
    public static FrameDescription OfUtf8(ReadOnlySpan<byte> utf8) => new(null, utf8, true);

    /// <summary>
    /// A description's bytes as stored, written as <see cref="ScanImageTiffReader.GetDescription"/> reads them: trailing
    /// padding and NULs dropped, copied without a string when they are valid UTF-8, else through the string, which
    /// replaces the bytes that are not (U+FFFD).
    /// </summary>
    public static FrameDescription OfStored(ReadOnlySpan<byte> stored)
    {
        var text = ScanImageTiffReader.TrimDescription(stored);
        return Utf8.IsValid(text) ? OfUtf8(text) : Of(Encoding.UTF8.GetString(text));
    }

    /// <summary>Writes the text's UTF-8 bytes at the start of <paramref name="destination"/> (which holds <see cref="ByteCount"/>).</summary>
    public void CopyTo(Span<byte> destination)
    {
        if (_isUtf8)
        {
            _utf8.CopyTo(destination);
        }
        else
        {
            Encoding.UTF8.GetBytes(_text ?? string.Empty, destination);
        }
    }
}
