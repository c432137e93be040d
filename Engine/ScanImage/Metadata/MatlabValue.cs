using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ScanImageTiff.ScanImage;

/// <summary>
/// One immutable MATLAB value from ScanImage metadata: a scalar, string, matrix, cell array, struct or
/// struct array, or the verbatim text of something that is not a plain literal.
/// </summary>
/// <remarks>
/// Values come from <see cref="Parse"/>, <see cref="MetadataTree"/>, <see cref="FrameHeader"/> and
/// <see cref="ScanImageRoiData"/>. Parsing never fails: text that is not understood becomes
/// <see cref="MatlabValueKind.Unparsed"/>, so an odd value can never make a file unreadable.
/// Accessors that do not fit <see cref="Kind"/> throw <see cref="InvalidOperationException"/>.
/// Equality is structural and ignores <see cref="RawText"/> (so a value parsed from text equals the same
/// value parsed from JSON); <c>NaN</c> equals <c>NaN</c>.
/// </remarks>
public sealed class MatlabValue : IEquatable<MatlabValue>
{
    private static readonly MatlabValue[] s_noItems = [];

    private readonly double _scalar;
    private readonly double[]? _data;
    private readonly MatlabValue[]? _items;
    private readonly System.Collections.ObjectModel.ReadOnlyCollection<MatlabValue>? _itemsView;
    private readonly MatlabFieldMap? _fields;
    private readonly string? _text;
    private readonly string? _source;
    private readonly int _sourceStart;
    private readonly int _sourceLength;

    private MatlabValue(
        MatlabValueKind kind,
        int rows,
        int columns,
        bool isLogical = false,
        double scalar = 0,
        double[]? data = null,
        MatlabValue[]? items = null,
        MatlabFieldMap? fields = null,
        string? text = null,
        string? source = null,
        int sourceStart = 0,
        int sourceLength = 0)
    {
        Kind = kind;
        Rows = rows;
        Columns = columns;
        IsLogical = isLogical;
        _scalar = scalar;
        _data = data;
        _items = items;

        // Handing out the array itself would let a caller cast it back and mutate a shared value.
        _itemsView = items is null ? null : Array.AsReadOnly(items);
        _fields = fields;
        _text = text;
        _source = source;
        _sourceStart = sourceStart;
        _sourceLength = sourceLength;
    }

    /// <summary>What kind of value this is; decides which accessors work.</summary>
    public MatlabValueKind Kind { get; }

    /// <summary>
    /// Number of rows: the matrix or cell height, 1 for scalars, strings, structs, struct arrays and the
    /// textual kinds, and the declared height of an empty value (1 for <c>zeros(1,0)</c>).
    /// </summary>
    public int Rows { get; }

    /// <summary>Number of columns, with the same conventions as <see cref="Rows"/> (a struct array is 1×N).</summary>
    public int Columns { get; }

    /// <summary>True for <see cref="MatlabValueKind.Logical"/> and for matrices written with <c>true</c>/<c>false</c> elements.</summary>
    public bool IsLogical { get; }

    /// <summary>
    /// The MATLAB source text of the value when it was parsed from MATLAB text (<c>'a''b'</c>, not <c>a'b</c>);
    /// otherwise an equivalent MATLAB rendering (structs render as <c>&lt;1x1 struct&gt;</c>).
    /// </summary>
    public string RawText
    {
        get
        {
            if (_source is null)
            {
                return Render();
            }

            return _sourceStart == 0 && _sourceLength == _source.Length ? _source : _source.Substring(_sourceStart, _sourceLength);
        }
    }

    /// <summary>The elements of a <see cref="MatlabValueKind.Cell"/> (row-major) or <see cref="MatlabValueKind.StructArray"/>; empty for <see cref="MatlabValueKind.Empty"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is of another kind.</exception>
    public IReadOnlyList<MatlabValue> Items => Kind switch
    {
        MatlabValueKind.Cell or MatlabValueKind.StructArray => _itemsView!,
        MatlabValueKind.Empty => s_noItems,
        _ => throw WrongKind("Items", "a cell array or struct array"),
    };

    /// <summary>The fields of a <see cref="MatlabValueKind.Struct"/>, in the order they first appeared.</summary>
    /// <exception cref="InvalidOperationException">The value is not a struct.</exception>
    public IReadOnlyDictionary<string, MatlabValue> Fields => Kind == MatlabValueKind.Struct ? _fields! : throw WrongKind("Fields", "a struct");

    /// <summary>The field <paramref name="field"/> of a struct.</summary>
    /// <param name="field">A field name (one path segment, no dots).</param>
    /// <exception cref="InvalidOperationException">The value is not a struct.</exception>
    /// <exception cref="KeyNotFoundException">The struct has no such field.</exception>
    public MatlabValue this[string field]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(field);
            if (Kind != MatlabValueKind.Struct)
            {
                throw WrongKind("the field indexer", "a struct");
            }

            return _fields!.TryGetValue(field, out var value)
                ? value
                : throw new KeyNotFoundException($"The struct has no field '{field}'.");
        }
    }

    internal MatlabFieldMap? FieldMap => _fields;

    /// <summary>
    /// Parses one MATLAB literal as ScanImage writes it (<c>1</c>, <c>Inf</c>, <c>true</c>, <c>'a''b'</c>,
    /// <c>[1 2;3 4]</c>, <c>{'a' [1 2]}</c>, <c>zeros(1,0)</c>, <c>@fn</c>, <c>&lt;unencodeable value&gt;</c>).
    /// Never throws; anything else becomes <see cref="MatlabValueKind.Unparsed"/>.
    /// </summary>
    /// <param name="literal">The text after <c>=</c>; surrounding white space is ignored.</param>
    /// <returns>The parsed value.</returns>
    public static MatlabValue Parse(ReadOnlySpan<char> literal) => MatlabLiteralParser.Parse(literal);

    /// <summary>The number of a <see cref="MatlabValueKind.Number"/>, or 1/0 for a <see cref="MatlabValueKind.Logical"/>.</summary>
    /// <returns>The scalar value.</returns>
    /// <exception cref="InvalidOperationException">The value is not a scalar number or logical.</exception>
    public double AsDouble() => Kind is MatlabValueKind.Number or MatlabValueKind.Logical ? _scalar : throw WrongKind("AsDouble", "a number");

    /// <summary>The value of a <see cref="MatlabValueKind.Logical"/>, or of a number that is exactly 0 or 1 (older files write flags as 0/1).</summary>
    /// <returns>The flag.</returns>
    /// <exception cref="InvalidOperationException">The value is neither a logical nor the number 0 or 1.</exception>
    public bool AsBoolean()
    {
        if (Kind == MatlabValueKind.Logical || (Kind == MatlabValueKind.Number && _scalar is 0 or 1))
        {
            return _scalar != 0;
        }

        throw WrongKind("AsBoolean", "a logical or the number 0 or 1");
    }

    /// <summary>
    /// The text of a <see cref="MatlabValueKind.String"/> (quotes removed, doubled quotes undone), or the
    /// verbatim text of a <see cref="MatlabValueKind.FunctionHandle"/> (with its <c>@</c>),
    /// <see cref="MatlabValueKind.Placeholder"/> (with its angle brackets) or <see cref="MatlabValueKind.Unparsed"/> value.
    /// </summary>
    /// <returns>The text.</returns>
    /// <exception cref="InvalidOperationException">The value is not textual.</exception>
    public string AsString() => _text ?? throw WrongKind("AsString", "a string");

    /// <summary>
    /// The numbers of a scalar (one element), a matrix (row-major: <c>[1 2;3 4]</c> gives 1, 2, 3, 4) or an
    /// empty value (no elements). Logicals give 1/0. Returns a new array on every call.
    /// </summary>
    /// <returns>A fresh array the caller owns.</returns>
    /// <exception cref="InvalidOperationException">The value is not numeric.</exception>
    public double[] AsDoubleArray() => Kind switch
    {
        MatlabValueKind.Number or MatlabValueKind.Logical => [_scalar],
        MatlabValueKind.Matrix => (double[])_data!.Clone(),
        MatlabValueKind.Empty => [],
        _ => throw WrongKind("AsDoubleArray", "a number, matrix or empty value"),
    };

    /// <summary>
    /// Converts to JSON with the conventions of the corpus <c>expected.json</c>: numbers (<c>Inf</c>, <c>-Inf</c>,
    /// <c>NaN</c> as the strings <c>"Infinity"</c>, <c>"-Infinity"</c>, <c>"NaN"</c>), booleans, strings, a row
    /// vector as an array, any other matrix as an array of rows, cells likewise, empty values as <c>[]</c>,
    /// structs as objects, struct arrays as arrays of objects, and the textual kinds as their text.
    /// </summary>
    /// <returns>A new JSON node (never null for a value; nullable to match <see cref="JsonNode"/> conventions).</returns>
    public JsonNode? ToJsonNode()
    {
        switch (Kind)
        {
            case MatlabValueKind.Number:
                return NumberToJson(_scalar);
            case MatlabValueKind.Logical:
                return JsonValue.Create(_scalar != 0);
            case MatlabValueKind.String:
            case MatlabValueKind.Placeholder:
            case MatlabValueKind.FunctionHandle:
            case MatlabValueKind.Unparsed:
                return JsonValue.Create(_text);
            case MatlabValueKind.Empty:
                return new JsonArray();
            case MatlabValueKind.Matrix:
                return GridToJson(Rows, Columns, i => IsLogical ? JsonValue.Create(_data![i] != 0) : NumberToJson(_data![i]));
            case MatlabValueKind.Cell:
                return GridToJson(Rows, Columns, i => _items![i].ToJsonNode());
            case MatlabValueKind.StructArray:
            {
                var array = new JsonArray();
                foreach (var item in _items!)
                {
                    array.Add(item.ToJsonNode());
                }

                return array;
            }

            default:
            {
                var obj = new JsonObject();
                foreach (var (key, value) in _fields!)
                {
                    obj[key] = value.ToJsonNode();
                }

                return obj;
            }
        }
    }

    /// <summary>The same text as <see cref="RawText"/>.</summary>
    /// <returns>The MATLAB text of the value.</returns>
    public override string ToString() => RawText;

    /// <summary>Structural equality; <see cref="RawText"/> is ignored and <c>NaN</c> equals <c>NaN</c>.</summary>
    /// <param name="other">The value to compare with.</param>
    /// <returns>True when both values have the same kind, shape and content.</returns>
    public bool Equals(MatlabValue? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || Kind != other.Kind || Rows != other.Rows || Columns != other.Columns || IsLogical != other.IsLogical)
        {
            return false;
        }

        switch (Kind)
        {
            case MatlabValueKind.Number:
            case MatlabValueKind.Logical:
                return _scalar.Equals(other._scalar);
            case MatlabValueKind.Matrix:
                return _data.AsSpan().SequenceEqual(other._data);
            case MatlabValueKind.Cell:
            case MatlabValueKind.StructArray:
                return _items.AsSpan().SequenceEqual(other._items);
            case MatlabValueKind.Struct:
                if (_fields!.Count != other._fields!.Count)
                {
                    return false;
                }

                foreach (var (key, value) in _fields)
                {
                    if (!other._fields.TryGetValue(key, out var otherValue) || !value.Equals(otherValue))
                    {
                        return false;
                    }
                }

                return true;
            case MatlabValueKind.Empty:
                return true;
            default:
                return string.Equals(_text, other._text, StringComparison.Ordinal);
        }
    }

    /// <inheritdoc cref="Equals(MatlabValue?)"/>
    public override bool Equals(object? obj) => Equals(obj as MatlabValue);

    /// <summary>A hash consistent with <see cref="Equals(MatlabValue?)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => Kind switch
    {
        MatlabValueKind.Number or MatlabValueKind.Logical => HashCode.Combine(Kind, _scalar),
        MatlabValueKind.Matrix => HashCode.Combine(Kind, Rows, Columns, _data![0]),
        MatlabValueKind.Cell or MatlabValueKind.StructArray => HashCode.Combine(Kind, Rows, Columns),
        MatlabValueKind.Struct => HashCode.Combine(Kind, _fields!.Count),
        MatlabValueKind.Empty => HashCode.Combine(Kind, Rows, Columns),
        _ => HashCode.Combine(Kind, _text),
    };

    internal static MatlabValue Number(double value, string? source = null, int start = 0, int length = 0)
        => new(MatlabValueKind.Number, 1, 1, scalar: value, source: source, sourceStart: start, sourceLength: length);

    internal static MatlabValue Logical(bool value, string? source = null, int start = 0, int length = 0)
        => new(MatlabValueKind.Logical, 1, 1, isLogical: true, scalar: value ? 1 : 0, source: source, sourceStart: start, sourceLength: length);

    internal static MatlabValue String(string text, string? source = null, int start = 0, int length = 0)
        => new(MatlabValueKind.String, 1, 1, text: text, source: source, sourceStart: start, sourceLength: length);

    internal static MatlabValue Textual(MatlabValueKind kind, string text, string? source = null, int start = 0, int length = 0)
        => new(kind, 1, 1, text: text, source: source, sourceStart: start, sourceLength: length);

    internal static MatlabValue EmptyValue(int rows = 0, int columns = 0, string? source = null, int start = 0, int length = 0)
        => new(MatlabValueKind.Empty, rows, columns, source: source, sourceStart: start, sourceLength: length);

    /// <summary>
    /// A numeric value of the given shape (row-major data, ownership taken). A 1×1 shape becomes a scalar
    /// because MATLAB does not distinguish <c>[5]</c> from <c>5</c>; no elements make an empty value.
    /// </summary>
    internal static MatlabValue Matrix(double[] rowMajor, int rows, int columns, bool isLogical, string? source = null, int start = 0, int length = 0)
    {
        if (rowMajor.Length == 0)
        {
            return EmptyValue(rows, columns, source, start, length);
        }

        if (rowMajor.Length == 1)
        {
            return isLogical ? Logical(rowMajor[0] != 0, source, start, length) : Number(rowMajor[0], source, start, length);
        }

        return new(MatlabValueKind.Matrix, rows, columns, isLogical: isLogical, data: rowMajor, source: source, sourceStart: start, sourceLength: length);
    }

    /// <summary>A cell array (row-major items, ownership taken); no items make an empty value.</summary>
    internal static MatlabValue Cell(MatlabValue[] rowMajor, int rows, int columns, string? source = null, int start = 0, int length = 0)
        => rowMajor.Length == 0
            ? EmptyValue(rows, columns, source, start, length)
            : new(MatlabValueKind.Cell, rows, columns, items: rowMajor, source: source, sourceStart: start, sourceLength: length);

    internal static MatlabValue Struct(MatlabFieldMap fields) => new(MatlabValueKind.Struct, 1, 1, fields: fields);

    /// <summary>A struct array; every item must be a struct.</summary>
    internal static MatlabValue StructArray(MatlabValue[] items) => new(MatlabValueKind.StructArray, 1, items.Length, items: items);

    internal static string FormatNumber(double value) => value switch
    {
        double.PositiveInfinity => "Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static JsonValue NumberToJson(double value) => value switch
    {
        double.PositiveInfinity => JsonValue.Create("Infinity"),
        double.NegativeInfinity => JsonValue.Create("-Infinity"),
        double.NaN => JsonValue.Create("NaN"),
        _ => JsonValue.Create(value),
    };

    private static JsonArray GridToJson(int rows, int columns, Func<int, JsonNode?> element)
    {
        var result = new JsonArray();
        if (rows == 1)
        {
            for (var c = 0; c < columns; c++)
            {
                result.Add(element(c));
            }

            return result;
        }

        for (var r = 0; r < rows; r++)
        {
            var row = new JsonArray();
            for (var c = 0; c < columns; c++)
            {
                row.Add(element((r * columns) + c));
            }

            result.Add((JsonNode)row);
        }

        return result;
    }

    private InvalidOperationException WrongKind(string member, string expected)
        => new($"{member} needs {expected}, but this MATLAB value is of kind {Kind} ('{Truncate(RawText)}').");

    private static string Truncate(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");

    private string Render()
    {
        switch (Kind)
        {
            case MatlabValueKind.Number:
                return FormatNumber(_scalar);
            case MatlabValueKind.Logical:
                return _scalar != 0 ? "true" : "false";
            case MatlabValueKind.String:
                return string.Concat("'", _text!.Replace("'", "''", StringComparison.Ordinal), "'");
            case MatlabValueKind.Empty:
                return Rows == 0 && Columns == 0 ? "[]" : string.Create(CultureInfo.InvariantCulture, $"zeros({Rows},{Columns})");
            case MatlabValueKind.Struct:
                return "<1x1 struct>";
            case MatlabValueKind.StructArray:
                return string.Create(CultureInfo.InvariantCulture, $"<1x{Columns} struct>");
            case MatlabValueKind.Matrix:
            case MatlabValueKind.Cell:
            {
                var isCell = Kind == MatlabValueKind.Cell;
                var sb = new StringBuilder();
                sb.Append(isCell ? '{' : '[');
                for (var r = 0; r < Rows; r++)
                {
                    if (r > 0)
                    {
                        sb.Append(';');
                    }

                    for (var c = 0; c < Columns; c++)
                    {
                        if (c > 0)
                        {
                            sb.Append(' ');
                        }

                        var i = (r * Columns) + c;
                        sb.Append(isCell ? _items![i].RawText : IsLogical ? (_data![i] != 0 ? "true" : "false") : FormatNumber(_data![i]));
                    }
                }

                sb.Append(isCell ? '}' : ']');
                return sb.ToString();
            }

            default:
                return _text!;
        }
    }
}
