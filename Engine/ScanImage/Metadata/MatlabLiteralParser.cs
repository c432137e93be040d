using System.Text;

namespace ScanImageTiff.ScanImage;

/// <summary>
/// Recursive-descent parser for the MATLAB literals ScanImage writes after <c>=</c>. Works over one string
/// (the value text of a line) so parsed values can point back into it for <see cref="MatlabValue.RawText"/>
/// instead of each allocating their own copy. Structural failures return null internally and the caller
/// keeps the whole text as <see cref="MatlabValueKind.Unparsed"/>; nothing here throws on input.
/// </summary>
internal ref partial struct MatlabLiteralParser
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
}
