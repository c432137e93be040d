using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ScanImageTiff.Cli.Output;

/// <summary>
/// Writes <c>sitiff stream</c>'s line for one frame, tab-separated or as one JSON object, with no allocation per frame:
/// the JSON goes through one <see cref="Utf8JsonWriter"/> reset for every line (the same writer and options
/// <see cref="JsonOutput.Compact"/> would use, so the text is the same), and both forms are formatted into buffers kept
/// across lines. A <c>JsonObject</c> and a string per line were most of the formatting cost of 100 000 small frames.
/// </summary>
internal sealed class FrameLineWriter : IDisposable
{
    private readonly TextWriter _writer;
    private readonly bool _json;
    private readonly ArrayBufferWriter<byte> _utf8 = new(256);
    private readonly Utf8JsonWriter _jsonWriter;
    private char[] _chars = new char[256];

    public FrameLineWriter(TextWriter writer, bool json)
    {
        _writer = writer;
        _json = json;
        _jsonWriter = new Utf8JsonWriter(_utf8, new JsonWriterOptions { Encoder = JsonOutput.Compact.Encoder, SkipValidation = true });
    }

    /// <inheritdoc/>
    public void Dispose() => _jsonWriter.Dispose();

    /// <summary>Writes one line: <c>{"index":…,"frameNumber":…,"timestamp":…,"mean":…}</c>, or the four values tab-separated with - for an absent one.</summary>
    public void Write(int index, long? frameNumber, double? timestamp, double mean)
    {
        if (_json)
        {
            WriteJson(index, frameNumber, timestamp, mean);
        }
        else
        {
            WriteText(index, frameNumber, timestamp, mean);
        }

        _writer.WriteLine();
    }

    private void WriteJson(int index, long? frameNumber, double? timestamp, double mean)
    {
        _utf8.ResetWrittenCount();
        _jsonWriter.Reset();
        _jsonWriter.WriteStartObject();
        _jsonWriter.WriteNumber("index"u8, index);
        if (frameNumber is { } number)
        {
            _jsonWriter.WriteNumber("frameNumber"u8, number);
        }
        else
        {
            _jsonWriter.WriteNull("frameNumber"u8);
        }

        if (timestamp is { } time)
        {
            _jsonWriter.WriteNumber("timestamp"u8, time);
        }
        else
        {
            _jsonWriter.WriteNull("timestamp"u8);
        }

        if (double.IsFinite(mean))
        {
            _jsonWriter.WriteNumber("mean"u8, mean);
        }
        else
        {
            _jsonWriter.WriteNull("mean"u8);
        }

        _jsonWriter.WriteEndObject();
        _jsonWriter.Flush();
        var bytes = _utf8.WrittenSpan;
        if (_chars.Length < bytes.Length)
        {
            _chars = new char[bytes.Length * 2];
        }

        // Property names are ASCII and numbers are digits: the UTF-8 is the text.
        var count = Encoding.UTF8.GetChars(bytes, _chars);
        _writer.Write(_chars.AsSpan(0, count));
    }

    private void WriteText(int index, long? frameNumber, double? timestamp, double mean)
    {
        if (TryFormatText(_chars, index, frameNumber, timestamp, mean, out var length))
        {
            _writer.Write(_chars.AsSpan(0, length));
            return;
        }

        // A timestamp of 1e300 with nine decimals does not fit the buffer: format that rare line the simple way.
        _writer.Write(string.Create(
            CultureInfo.InvariantCulture,
            $"{index}\t{(frameNumber is { } m ? m.ToString(CultureInfo.InvariantCulture) : "-")}\t{(timestamp is { } s ? s.ToString("F9", CultureInfo.InvariantCulture) : "-")}\t{mean:F4}"));
    }

    private static bool TryFormatText(Span<char> chars, int index, long? frameNumber, double? timestamp, double mean, out int at)
    {
        if (!index.TryFormat(chars, out at, default, CultureInfo.InvariantCulture) || !Tab(chars, ref at))
        {
            return false;
        }

        int written;
        var ok = frameNumber is { } n ? n.TryFormat(chars[at..], out written, default, CultureInfo.InvariantCulture) : Dash(chars[at..], out written);
        at += written;
        if (!ok || !Tab(chars, ref at))
        {
            return false;
        }

        ok = timestamp is { } t ? t.TryFormat(chars[at..], out written, "F9", CultureInfo.InvariantCulture) : Dash(chars[at..], out written);
        at += written;
        if (!ok || !Tab(chars, ref at))
        {
            return false;
        }

        ok = mean.TryFormat(chars[at..], out written, "F4", CultureInfo.InvariantCulture);
        at += written;
        return ok;
    }

    private static bool Dash(Span<char> destination, out int written)
    {
        written = destination.IsEmpty ? 0 : 1;
        if (written == 1)
        {
            destination[0] = '-';
        }

        return written == 1;
    }

    private static bool Tab(Span<char> chars, ref int at)
    {
        if (at >= chars.Length)
        {
            return false;
        }

        chars[at++] = '\t';
        return true;
    }
}
