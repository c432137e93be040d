using System.Globalization;

namespace ScanImageTiff.ScanImage;

/// <summary>
/// The parser's leaves: bare tokens (numbers, <c>true</c>/<c>false</c>, function handles) and the constructor calls
/// <c>mat2str</c> writes (<c>zeros(1,0)</c>, <c>int16([1 2])</c>), each sized against the text that asks for it.
/// </summary>
internal ref partial struct MatlabLiteralParser
{
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
