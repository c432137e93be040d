using System.Buffers;
using System.Globalization;

namespace ScanImageTiff.ScanImage;

/// <summary>
/// Allocation-free extraction of the numeric frame-header fields straight from ImageDescription bytes. It is
/// the one parser of these fields: <see cref="FrameHeaderColumnsBuilder"/>, the acquisition's columns and
/// <see cref="FrameHeader"/>'s typed properties all read them here, so the per-frame and bulk paths cannot
/// disagree. Keys are matched as UTF-8 literals, numbers parsed from the bytes (a one-element <c>[5]</c>
/// counts as 5), and padding is skipped with vectorized searches.
/// </summary>
internal static class FrameHeaderScanner
{
    /// <summary>Field indices, for <see cref="FrameHeaderRecord.Has"/>.</summary>
    public const int FrameNumberField = 0, AcquisitionNumberField = 1, FrameNumberAcquisitionField = 2, FrameTimestampField = 3,
        AcqTriggerTimestampField = 4, NextFileMarkerTimestampField = 5, EndOfAcquisitionField = 6, EndOfAcquisitionModeField = 7;

    private const int AllFields = (1 << 8) - 1;

    private static readonly SearchValues<byte> s_blank = SearchValues.Create(" \t\r\n"u8);
    private static readonly SearchValues<byte> s_lineEnd = SearchValues.Create("\r\n\0"u8);
    private static readonly SearchValues<byte> s_jsonTokenEnd = SearchValues.Create(",}] \t\r\n\0"u8);
    private static readonly SearchValues<byte> s_jsonStringEnd = SearchValues.Create("\"\\\0"u8);
    private static readonly SearchValues<byte> s_elementSeparators = SearchValues.Create(" \t\r\n,;[]"u8);
    private static readonly SearchValues<byte> s_jsonNesting = SearchValues.Create("[]{}\"\0"u8);

    private enum Field
    {
        None = -1,
        FrameNumber,
        AcquisitionNumber,
        FrameNumberAcquisition,
        FrameTimestamp,
        AcqTriggerTimestamp,
        NextFileMarkerTimestamp,
        EndOfAcquisition,
        EndOfAcquisitionMode,
    }

    /// <summary>Fills <paramref name="record"/> (pre-set to "missing") from one description.</summary>
    public static void Scan(ReadOnlySpan<byte> description, ref FrameHeaderRecord record)
    {
        var first = description.IndexOfAnyExcept(s_blank);
        if (first < 0)
        {
            return;
        }

        if (description[first] == (byte)'{')
        {
            ScanJson(description, first + 1, ref record);
        }
        else
        {
            ScanText(description, first, ref record);
        }
    }

    private static void ScanText(ReadOnlySpan<byte> d, int pos, ref FrameHeaderRecord record)
    {
        var found = 0;
        while (true)
        {
            // Vectorized: also jumps over the ~1600 padding spaces in one go.
            var skip = d[pos..].IndexOfAnyExcept(s_blank);
            if (skip < 0)
            {
                return;
            }

            pos += skip;
            if (d[pos] == 0)
            {
                return;
            }

            var rest = d[pos..];
            var end = rest.IndexOfAny(s_lineEnd);
            var line = end < 0 ? rest : rest[..end];
            var eq = line.IndexOf((byte)'=');
            if (eq >= 0)
            {
                var key = line[..eq].TrimEnd(" \t"u8);
                if (FrameHeaderKeys.IsNonVaryingKey(key))
                {
                    return;
                }

                var field = Classify(key);
                if (field != Field.None && Store(field, line[(eq + 1)..].Trim(" \t"u8), ref record))
                {
                    found |= 1 << (int)field;
                    if (found == AllFields)
                    {
                        return;
                    }
                }
            }

            if (end < 0 || rest[end] == 0)
            {
                return;
            }

            pos += end + 1;
        }
    }

    /// <summary>
    /// Reads the <c>"key": value</c> pairs of the root object, or of its <c>"FrameHeader"</c> object when the
    /// root has one (then only those count, as <see cref="FrameHeader.Parse"/> has always read them). Other
    /// nested objects and arrays are skipped whole; anything malformed ends the scan.
    /// </summary>
    private static void ScanJson(ReadOnlySpan<byte> d, int pos, ref FrameHeaderRecord record)
    {
        var wrapper = ScanJsonObject(d, pos, ref record, "FrameHeader"u8);
        if (wrapper >= 0)
        {
            // The last "FrameHeader" key wins, like any repeated key; when it holds an object, that object is the header.
            record = FrameHeaderRecord.Missing;
            ScanJsonObject(d, wrapper + 1, ref record, default);
        }
    }

    /// <summary>
    /// Stores the fields of the object whose <c>{</c> is just before <paramref name="pos"/>; nested values are
    /// skipped. Returns the position of the <c>{</c> of the last <paramref name="wrapperKey"/> whose value is an
    /// object, or −1 (also when a later value of that key is not an object).
    /// </summary>
    private static int ScanJsonObject(ReadOnlySpan<byte> d, int pos, ref FrameHeaderRecord record, ReadOnlySpan<byte> wrapperKey)
    {
        var wrapper = -1;
        while (true)
        {
            pos = SkipBlank(d, pos);
            if (pos >= d.Length || d[pos] != (byte)'"')
            {
                return wrapper;
            }

            var keyStart = ++pos;
            if (!SkipStringBody(d, ref pos))
            {
                return wrapper;
            }

            var key = d[keyStart..(pos - 1)];
            pos = SkipBlank(d, pos);
            if (pos >= d.Length || d[pos] != (byte)':')
            {
                return wrapper;
            }

            pos = SkipBlank(d, pos + 1);
            var valueStart = pos;
            if (pos >= d.Length || !SkipValue(d, ref pos))
            {
                return wrapper;
            }

            if (!wrapperKey.IsEmpty && key.SequenceEqual(wrapperKey))
            {
                wrapper = d[valueStart] == (byte)'{' ? valueStart : -1;
            }
            else
            {
                Store(Classify(key), d[valueStart..pos], ref record);
            }
            pos = SkipBlank(d, pos);
            if (pos >= d.Length || d[pos] != (byte)',')
            {
                return wrapper;
            }

            pos++;
        }
    }

    /// <summary>Moves past one JSON value (scalar, string, or balanced object/array) starting at <paramref name="pos"/>.</summary>
    private static bool SkipValue(ReadOnlySpan<byte> d, ref int pos)
    {
        switch (d[pos])
        {
            case (byte)'{':
            case (byte)'[':
                return SkipNested(d, ref pos);
            case (byte)'"':
                pos++;
                return SkipStringBody(d, ref pos);
            case 0:
                return false;
            default:
            {
                var end = d[pos..].IndexOfAny(s_jsonTokenEnd);
                if (end == 0)
                {
                    return false;
                }

                pos = end < 0 ? d.Length : pos + end;
                return true;
            }
        }
    }

    private static int SkipBlank(ReadOnlySpan<byte> d, int pos)
    {
        var skip = d[pos..].IndexOfAnyExcept(s_blank);
        return skip < 0 ? d.Length : pos + skip;
    }

    /// <summary>Moves past the closing quote of a string whose opening quote is just before <paramref name="pos"/>.</summary>
    private static bool SkipStringBody(ReadOnlySpan<byte> d, ref int pos)
    {
        while (pos < d.Length)
        {
            var stop = d[pos..].IndexOfAny(s_jsonStringEnd);
            if (stop < 0)
            {
                return false;
            }

            pos += stop;
            switch (d[pos])
            {
                case (byte)'"':
                    pos++;
                    return true;
                case (byte)'\\':
                    pos += 2;
                    break;
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>Moves past the bracket closing the <c>[</c> or <c>{</c> at <paramref name="pos"/> (depth is a counter, not recursion).</summary>
    private static bool SkipNested(ReadOnlySpan<byte> d, ref int pos)
    {
        var depth = 0;
        while (pos < d.Length)
        {
            var stop = d[pos..].IndexOfAny(s_jsonNesting);
            if (stop < 0)
            {
                return false;
            }

            pos += stop;
            switch (d[pos])
            {
                case (byte)'[':
                case (byte)'{':
                    depth++;
                    pos++;
                    break;
                case (byte)']':
                case (byte)'}':
                    pos++;
                    if (--depth == 0)
                    {
                        return true;
                    }

                    break;
                case (byte)'"':
                    pos++;
                    if (!SkipStringBody(d, ref pos))
                    {
                        return false;
                    }

                    break;
                default:
                    return false;
            }
        }

        return false;
    }

    private static Field Classify(ReadOnlySpan<byte> key) => key.Length switch
    {
        12 when key.SequenceEqual("frameNumbers"u8) || key.SequenceEqual("Frame Number"u8) => Field.FrameNumber,
        16 when key.SequenceEqual("endOfAcquisition"u8) => Field.EndOfAcquisition,
        18 when key.SequenceEqual("acquisitionNumbers"u8) => Field.AcquisitionNumber,
        18 when key.SequenceEqual("Frame Timestamp(s)"u8) => Field.FrameTimestamp,
        19 when key.SequenceEqual("frameTimestamps_sec"u8) => Field.FrameTimestamp,
        20 when key.SequenceEqual("endOfAcquisitionMode"u8) => Field.EndOfAcquisitionMode,
        22 when key.SequenceEqual("frameNumberAcquisition"u8) => Field.FrameNumberAcquisition,
        24 when key.SequenceEqual("acqTriggerTimestamps_sec"u8) || key.SequenceEqual("Acq Trigger Timestamp(s)"u8) => Field.AcqTriggerTimestamp,
        28 when key.SequenceEqual("nextFileMarkerTimestamps_sec"u8) => Field.NextFileMarkerTimestamp,
        29 when key.SequenceEqual("Next File Marker Timestamp(s)"u8) => Field.NextFileMarkerTimestamp,
        _ => Field.None,
    };

    /// <summary>
    /// Parses <paramref name="value"/> (a text value, or a raw JSON value with its quotes or brackets) into the
    /// field. A one-element array <c>[x]</c> is x; a quoted string counts only as JSONlab's spelling of a
    /// non-finite number (<c>"_Inf_"</c>, <c>"-_Inf_"</c>, <c>"_NaN_"</c>).
    /// </summary>
    private static bool Store(Field field, ReadOnlySpan<byte> value, ref FrameHeaderRecord record)
    {
        if (field == Field.None || value.IsEmpty)
        {
            return false;
        }

        if (value[0] == (byte)'[')
        {
            if (value.Length < 2 || value[^1] != (byte)']')
            {
                return false;
            }

            value = value[1..^1].Trim(" \t\r\n"u8);
            if (value.IsEmpty || value.IndexOfAny(s_elementSeparators) >= 0)
            {
                return false;
            }
        }

        if (value[0] == (byte)'"')
        {
            if (value.Length < 2 || value[^1] != (byte)'"')
            {
                return false;
            }

            value = value[1..^1];
            if (!(value.SequenceEqual("_Inf_"u8) || value.SequenceEqual("-_Inf_"u8) || value.SequenceEqual("_NaN_"u8)))
            {
                return false;
            }
        }

        if (!StoreScalar(field, value, ref record))
        {
            return false;
        }

        record.Found |= 1 << (int)field;
        return true;
    }

    private static bool StoreScalar(Field field, ReadOnlySpan<byte> value, ref FrameHeaderRecord record)
    {
        switch (field)
        {
            case Field.FrameNumber:
                return TryParseInt64(value, out record.FrameNumber);
            case Field.AcquisitionNumber:
                return TryParseInt64(value, out record.AcquisitionNumber);
            case Field.FrameNumberAcquisition:
                return TryParseInt64(value, out record.FrameNumberAcquisition);
            case Field.FrameTimestamp:
                return TryParseDouble(value, out record.FrameTimestamp);
            case Field.AcqTriggerTimestamp:
                return TryParseDouble(value, out record.AcqTriggerTimestamp);
            case Field.NextFileMarkerTimestamp:
                return TryParseDouble(value, out record.NextFileMarkerTimestamp);
            case Field.EndOfAcquisition:
                return TryParseFlag(value, out record.EndOfAcquisition);
            case Field.EndOfAcquisitionMode:
            {
                // A mode number (1 on the last frame), not a flag: true/false or an integral value in int range.
                int mode;
                if (TryParseFlag(value, out var flag) && (value.SequenceEqual("true"u8) || value.SequenceEqual("false"u8)))
                {
                    mode = flag ? 1 : 0;
                }
                else if (TryParseInt64(value, out var n) && n is >= int.MinValue and <= int.MaxValue)
                {
                    mode = (int)n;
                }
                else
                {
                    return false;
                }

                record.EndOfAcquisitionModeValue = mode;
                record.EndOfAcquisitionMode = mode != 0;
                return true;
            }

            default:
                return false;
        }
    }

    private static bool TryParseInt64(ReadOnlySpan<byte> value, out long result)
    {
        // Counters are short runs of digits; 18 digits cannot overflow a long.
        if (value.Length is > 0 and <= 18)
        {
            var negative = value[0] == (byte)'-';
            var digits = negative ? value[1..] : value;
            long n = 0;
            var i = 0;
            for (; i < digits.Length && IsAsciiDigit(digits[i]); i++)
            {
                n = (n * 10) + (digits[i] - '0');
            }

            if (i == digits.Length && i > 0)
            {
                result = negative ? -n : n;
                return true;
            }
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result))
        {
            return true;
        }

        // Tolerates "1.0" or "1e3"; the missing marker stays when the value is not integral.
        if (TryParseDouble(value, out var d) && d == Math.Floor(d) && d >= long.MinValue && d < 9.2233720368547758E18)
        {
            result = (long)d;
            return true;
        }

        result = -1;
        return false;
    }

    private static bool TryParseDouble(ReadOnlySpan<byte> value, out double result)
    {
        if (value.Length > 0 && (IsAsciiDigit(value[0]) || value[0] == (byte)'.' || (value.Length > 1 && value[0] is (byte)'-' or (byte)'+')))
        {
            if (DecimalFastPath.TryParse(value, out result) || double.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out result))
            {
                return true;
            }
        }

        if (value.SequenceEqual("Inf"u8) || value.SequenceEqual("_Inf_"u8))
        {
            result = double.PositiveInfinity;
            return true;
        }

        if (value.SequenceEqual("-Inf"u8) || value.SequenceEqual("-_Inf_"u8))
        {
            result = double.NegativeInfinity;
            return true;
        }

        if (value.SequenceEqual("NaN"u8) || value.SequenceEqual("_NaN_"u8))
        {
            result = double.NaN;
            return true;
        }

        result = double.NaN;
        return false;
    }

    private static bool TryParseFlag(ReadOnlySpan<byte> value, out bool result)
    {
        if (value.Length == 1 && (uint)(value[0] - '0') <= 1)
        {
            result = value[0] == (byte)'1';
            return true;
        }

        if (value.SequenceEqual("true"u8))
        {
            result = true;
            return true;
        }

        if (value.SequenceEqual("false"u8))
        {
            result = false;
            return true;
        }

        if (TryParseDouble(value, out var d) && !double.IsNaN(d))
        {
            result = d != 0;
            return true;
        }

        result = false;
        return false;
    }

    private static bool IsAsciiDigit(byte b) => (uint)(b - '0') <= 9;
}
