using System.Globalization;
using System.Text;

namespace ScanImageTiff.ScanImage;

/// <summary>
/// Recursive-descent parser for the MATLAB literals ScanImage writes after <c>=</c>. Works over one string
/// (the value text of a line) so parsed values can point back into it for <see cref="MatlabValue.RawText"/>
/// instead of each allocating their own copy. Structural failures return null internally and the caller
/// keeps the whole text as <see cref="MatlabValueKind.Unparsed"/>; nothing here throws on input.
/// </summary>
internal ref struct MatlabLiteralParser
{
    /// <summary>Caps <c>zeros(r,c)</c>-style constructors, whose size comes from the file.</summary>
    internal const int MaxConstructedElements = 1 << 20;

    /// <summary>
    /// Elements a constructor may make per character of its own text (plus <see cref="ConstructedSlack"/>), so that
    /// no text can build more than a few times its size: <c>zeros(1024,1024)</c> (16 characters, 8 MB) is refused
    /// and kept as unparsed text, while <c>zeros(1,0)</c> or <c>ones(4,4)</c> build as before.
    /// </summary>
    internal const int ConstructedPerCharacter = 4;

    internal const int ConstructedSlack = 64;

    /// <summary>Caps cell nesting so hostile input cannot exhaust the stack.</summary>
    private const int MaxDepth = 64;

    private readonly string _s;
    private readonly int _end;
    private int _pos;
    private int _depth;

    private MatlabLiteralParser(string source, int start, int end)
    {
        _s = source;
        _pos = start;
        _end = end;
    }

    /// <summary>Parses a value text, ignoring surrounding white space and NULs.</summary>
    public static MatlabValue Parse(ReadOnlySpan<char> text)
    {
        text = text.Trim(" \t\0\r\n");
        return Parse(text.ToString(), 0, text.Length);
    }

    /// <summary>Parses <paramref name="source"/>[<paramref name="start"/>..+<paramref name="length"/>], already trimmed.</summary>
    public static MatlabValue Parse(string source, int start, int length)
    {
        if (length == 0)
        {
            return MatlabValue.EmptyValue(0, 0, source, start, 0);
        }

        var parser = new MatlabLiteralParser(source, start, start + length);
        return parser.ParseWhole() ?? MatlabValue.Textual(MatlabValueKind.Unparsed, source.Substring(start, length), source, start, length);
    }

    private MatlabValue? ParseWhole()
    {
        var start = _pos;
        var c = _s[_pos];
        MatlabValue? value;
        switch (c)
        {
            case '\'':
            case '"':
                value = ParseString();
                break;
            case '[':
                value = ParseMatrix();
                break;
            case '{':
                value = ParseCell();
                break;
            case '@':
                return MatlabValue.Textual(MatlabValueKind.FunctionHandle, _s[start.._end], _s, start, _end - start);
            case '<':
                return _s[_end - 1] == '>'
                    ? MatlabValue.Textual(MatlabValueKind.Placeholder, _s[start.._end], _s, start, _end - start)
                    : null;
            default:
                return ParseToken(start, _end);
        }

        SkipWhiteSpace();
        return _pos == _end ? value : null;
    }

    private void SkipWhiteSpace()
    {
        while (_pos < _end && IsWhiteSpace(_s[_pos]))
        {
            _pos++;
        }
    }

    private void SkipSeparators()
    {
        while (_pos < _end && (IsWhiteSpace(_s[_pos]) || _s[_pos] == ','))
        {
            _pos++;
        }
    }

    private static bool IsWhiteSpace(char c) => c is ' ' or '\t' or '\0' or '\r' or '\n';

    /// <summary>A single- or double-quoted string; the quote character is escaped by doubling it.</summary>
    private MatlabValue? ParseString()
    {
        var start = _pos;
        var quote = _s[_pos++];
        StringBuilder? unescaped = null;
        var segmentStart = _pos;
        while (true)
        {
            var close = _s.IndexOf(quote, _pos, _end - _pos);
            if (close < 0)
            {
                return null;
            }

            if (close + 1 < _end && _s[close + 1] == quote)
            {
                unescaped ??= new StringBuilder();
                unescaped.Append(_s, segmentStart, close + 1 - segmentStart);
                _pos = close + 2;
                segmentStart = _pos;
                continue;
            }

            string text;
            if (unescaped is null)
            {
                text = _s[segmentStart..close];
            }
            else
            {
                unescaped.Append(_s, segmentStart, close - segmentStart);
                text = unescaped.ToString();
            }

            _pos = close + 1;
            return MatlabValue.String(text, _s, start, _pos - start);
        }
    }

    /// <summary>
    /// Ends a row of a matrix or cell literal at <c>;</c> or the closing bracket. MATLAB ignores empty rows
    /// (the trailing one in <c>[1 2;]</c>); rows of different lengths make the literal unparseable (false).
    /// </summary>
    private static bool CloseRow(ref int inRow, ref int columns, ref int rows)
    {
        if (inRow == 0)
        {
            return true;
        }

        if (columns >= 0 && inRow != columns)
        {
            return false;
        }

        columns = inRow;
        rows++;
        inRow = 0;
        return true;
    }

    private MatlabValue? ParseMatrix()
    {
        var start = _pos++;
        var values = new List<double>();
        var rows = 0;
        var columns = -1;
        var inRow = 0;
        var allLogical = true;
        while (true)
        {
            SkipSeparators();
            if (_pos >= _end)
            {
                return null;
            }

            var c = _s[_pos];
            if (c is ']' or ';')
            {
                _pos++;
                if (!CloseRow(ref inRow, ref columns, ref rows))
                {
                    return null;
                }

                if (c == ']')
                {
                    break;
                }

                continue;
            }

            var tokenStart = _pos;
            while (_pos < _end && !IsWhiteSpace(_s[_pos]) && _s[_pos] is not (',' or ';' or ']' or '[' or '{' or '\'' or '"'))
            {
                _pos++;
            }

            var token = _s.AsSpan(tokenStart, _pos - tokenStart);
            if (token.IsEmpty)
            {
                // Strings, nested brackets or cells inside a matrix: not a literal ScanImage writes.
                return null;
            }

            if (token is "true" or "false")
            {
                values.Add(token is "true" ? 1 : 0);
            }
            else if (TryParseNumber(token, out var number))
            {
                values.Add(number);
                allLogical = false;
            }
            else
            {
                return null;
            }

            inRow++;
        }

        if (values.Count == 0)
        {
            return MatlabValue.EmptyValue(0, 0, _s, start, _pos - start);
        }

        return MatlabValue.Matrix([.. values], rows, columns, allLogical, _s, start, _pos - start);
    }

    private MatlabValue? ParseCell()
    {
        if (++_depth > MaxDepth)
        {
            return null;
        }

        var start = _pos++;
        var items = new List<MatlabValue>();
        var rows = 0;
        var columns = -1;
        var inRow = 0;
        while (true)
        {
            SkipSeparators();
            if (_pos >= _end)
            {
                return null;
            }

            var c = _s[_pos];
            if (c is '}' or ';')
            {
                _pos++;
                if (!CloseRow(ref inRow, ref columns, ref rows))
                {
                    return null;
                }

                if (c == '}')
                {
                    break;
                }

                continue;
            }

            MatlabValue? item;
            switch (c)
            {
                case '\'':
                case '"':
                    item = ParseString();
                    break;
                case '[':
                    item = ParseMatrix();
                    break;
                case '{':
                    item = ParseCell();
                    break;
                case '<':
                {
                    var close = _s.IndexOf('>', _pos, _end - _pos);
                    if (close < 0)
                    {
                        return null;
                    }

                    item = MatlabValue.Textual(MatlabValueKind.Placeholder, _s[_pos..(close + 1)], _s, _pos, close + 1 - _pos);
                    _pos = close + 1;
                    break;
                }

                default:
                {
                    var tokenStart = _pos;
                    var parens = 0;
                    while (_pos < _end)
                    {
                        var t = _s[_pos];
                        if (t == '(')
                        {
                            parens++;
                        }
                        else if (t == ')')
                        {
                            parens--;
                        }
                        else if (parens <= 0 && (IsWhiteSpace(t) || t is ',' or ';' or '}' or '{' or '[' or '\'' or '"'))
                        {
                            break;
                        }

                        _pos++;
                    }

                    if (_pos == tokenStart)
                    {
                        return null;
                    }

                    item = ParseToken(tokenStart, _pos) ?? MatlabValue.Textual(MatlabValueKind.Unparsed, _s[tokenStart.._pos], _s, tokenStart, _pos - tokenStart);
                    break;
                }
            }

            if (item is null)
            {
                return null;
            }

            items.Add(item);
            inRow++;
        }

        _depth--;
        return MatlabValue.Cell([.. items], rows, Math.Max(columns, 0), _s, start, _pos - start);
    }

    /// <summary>A bare token: a number, <c>true</c>/<c>false</c>, a function handle or a constructor call.</summary>
    private readonly MatlabValue? ParseToken(int start, int end)
    {
        var token = _s.AsSpan(start, end - start);
        if (token is "true")
        {
            return MatlabValue.Logical(true, _s, start, end - start);
        }

        if (token is "false")
        {
            return MatlabValue.Logical(false, _s, start, end - start);
        }

        if (TryParseNumber(token, out var number))
        {
            return MatlabValue.Number(number, _s, start, end - start);
        }

        if (token[0] == '@')
        {
            return MatlabValue.Textual(MatlabValueKind.FunctionHandle, token.ToString(), _s, start, end - start);
        }

        return ParseCall(start, end);
    }

    /// <summary>
    /// <c>zeros(1,0)</c>, <c>ones(2,3)</c>, <c>nan(1,2)</c>, <c>cell(1,0)</c>, and class wrappers such as
    /// <c>int16([1 2])</c> or <c>logical(1)</c>, which MATLAB's <c>mat2str(x,'class')</c> writes.
    /// </summary>
    private readonly MatlabValue? ParseCall(int start, int end)
    {
        var open = _s.IndexOf('(', start, end - start);
        if (open <= start || _s[end - 1] != ')')
        {
            return null;
        }

        var name = _s.AsSpan(start, open - start).TrimEnd();
        var argsStart = open + 1;
        var argsEnd = end - 1;
        var length = end - start;
        switch (name)
        {
            case "zeros":
                return Constructed(0, false, argsStart, argsEnd, start, length);
            case "ones":
                return Constructed(1, false, argsStart, argsEnd, start, length);
            case "nan" or "NaN":
                return Constructed(double.NaN, false, argsStart, argsEnd, start, length);
            case "inf" or "Inf":
                return Constructed(double.PositiveInfinity, false, argsStart, argsEnd, start, length);
            case "true":
                return Constructed(1, true, argsStart, argsEnd, start, length);
            case "false":
                return Constructed(0, true, argsStart, argsEnd, start, length);
            case "cell":
            {
                if (!TryParseDims(argsStart, argsEnd, out var rows, out var columns) || !Affordable(rows, columns, length))
                {
                    return null;
                }

                var items = new MatlabValue[rows * columns];
                Array.Fill(items, MatlabValue.EmptyValue());
                return MatlabValue.Cell(items, rows, columns, _s, start, length);
            }

            case "double" or "single" or "int8" or "uint8" or "int16" or "uint16" or "int32" or "uint32" or "int64" or "uint64" or "logical":
            {
                var inner = _s.AsSpan(argsStart, argsEnd - argsStart);
                var innerStart = argsStart + (inner.Length - inner.TrimStart().Length);
                var innerLength = inner.Trim().Length;
                if (innerLength == 0)
                {
                    return null;
                }

                var value = Parse(_s, innerStart, innerLength);
                if (value.Kind is not (MatlabValueKind.Number or MatlabValueKind.Logical or MatlabValueKind.Matrix or MatlabValueKind.Empty))
                {
                    return null;
                }

                var data = value.AsDoubleArray();
                var logical = name is "logical";
                if (logical)
                {
                    for (var i = 0; i < data.Length; i++)
                    {
                        data[i] = data[i] != 0 ? 1 : 0;
                    }
                }

                return MatlabValue.Matrix(data, value.Rows, value.Columns, logical || value.IsLogical, _s, start, length);
            }

            default:
                return null;
        }
    }

    private static bool Affordable(int rows, int columns, int length) => (long)rows * columns <= ((long)ConstructedPerCharacter * length) + ConstructedSlack;

    private readonly MatlabValue? Constructed(double fill, bool logical, int argsStart, int argsEnd, int start, int length)
    {
        if (!TryParseDims(argsStart, argsEnd, out var rows, out var columns) || !Affordable(rows, columns, length))
        {
            return null;
        }

        var data = new double[rows * columns];
        if (fill != 0)
        {
            Array.Fill(data, fill);
        }

        return MatlabValue.Matrix(data, rows, columns, logical, _s, start, length);
    }

    /// <summary>
    /// Dimension arguments: none (1×1), <c>n</c> (n×n) or <c>r,c</c>; a trailing class name such as
    /// <c>'int8'</c> is ignored. Negative sizes count as 0, as in MATLAB.
    /// </summary>
    private readonly bool TryParseDims(int argsStart, int argsEnd, out int rows, out int columns)
    {
        rows = 1;
        columns = 1;
        Span<long> dims = stackalloc long[2];
        var count = 0;
        var args = _s.AsSpan(argsStart, argsEnd - argsStart);
        foreach (var range in args.Split(','))
        {
            var arg = args[range].Trim();
            if (arg.IsEmpty && count == 0 && args.Trim().IsEmpty)
            {
                break;
            }

            if (arg.Length >= 2 && arg[0] is '\'' or '"')
            {
                continue;
            }

            if (count == 2 || !TryParseNumber(arg, out var d) || double.IsNaN(d) || d != Math.Floor(d) || d > MaxConstructedElements)
            {
                return false;
            }

            dims[count++] = Math.Max(0L, (long)d);
        }

        if (count == 1)
        {
            dims[1] = dims[0];
        }

        if (count > 0)
        {
            if (dims[0] * dims[1] > MaxConstructedElements)
            {
                return false;
            }

            rows = (int)dims[0];
            columns = (int)dims[1];
        }

        return true;
    }

    /// <summary>
    /// A MATLAB number. .NET would also accept <c>Infinity</c>, <c>∞</c> and culture symbols, which MATLAB never
    /// writes; MATLAB's <c>Inf</c>/<c>NaN</c> spellings are handled here instead.
    /// </summary>
    internal static bool TryParseNumber(ReadOnlySpan<char> token, out double value)
    {
        switch (token)
        {
            case "Inf" or "inf" or "+Inf" or "+inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf" or "-inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN" or "nan" or "-NaN" or "+NaN":
                value = double.NaN;
                return true;
        }

        var digits = token.Length > 0 && token[0] is '+' or '-' ? token[1..] : token;
        if (digits.IsEmpty || !(char.IsAsciiDigit(digits[0]) || digits[0] == '.'))
        {
            value = 0;
            return false;
        }

        return DecimalFastPath.TryParse(token, out value)
            || double.TryParse(token, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);
    }
}
