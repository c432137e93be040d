using System.Globalization;
using System.Text.Json;

namespace ScanImageTiff.ScanImage;

/// <summary>
/// Maps JSON written by ScanImage (JSONlab <c>savejson</c>) onto <see cref="MatlabValue"/>s shaped like the
/// MATLAB-text form of the same data: arrays of numbers become matrices, arrays of equal-length number
/// arrays become 2-D matrices, arrays of objects become struct arrays, other arrays become cells, and
/// JSONlab's annotated arrays (<c>_ArrayType_</c>/<c>_ArraySize_</c>/<c>_ArrayData_</c>) and its
/// <c>"_Inf_"</c>/<c>"-_Inf_"</c>/<c>"_NaN_"</c> strings are decoded.
/// </summary>
internal static class JsonMatlabReader
{
    /// <summary>JSON nesting the reader accepts; deeper input is malformed (see <see cref="MetadataLimits.MaxDepth"/>).</summary>
    private const int MaxDepth = MetadataLimits.MaxDepth;

    /// <summary>Marks a value that came from a JSON scalar (number, bool or JSONlab special number string).</summary>
    private const int ScalarShape = -1;

    /// <summary>Marks a value that is neither a scalar nor an array of scalars.</summary>
    private const int OtherShape = -2;

    /// <summary>Reads one complete JSON document (optional UTF-8 BOM; trailing white space allowed).</summary>
    /// <exception cref="TiffFormatException">The JSON is malformed; the message and FileOffset carry the byte offset.</exception>
    public static MatlabValue Read(ReadOnlySpan<byte> utf8)
    {
        var offset = utf8.StartsWith("\uFEFF"u8) ? 3 : 0;
        var json = utf8[offset..];
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            if (!reader.Read())
            {
                MetadataErrors.ThrowMalformedJson("the input holds no JSON value.", offset);
            }

            var value = ReadValue(ref reader, out _, offset);
            if (reader.Read())
            {
                MetadataErrors.ThrowMalformedJson("unexpected data after the JSON value.", offset + reader.TokenStartIndex);
            }

            return value;
        }
        catch (JsonException ex)
        {
            throw MetadataErrors.FromJsonException(ex, json, offset);
        }
    }

    /// <summary>Offset of the first byte of the root value (after an optional BOM and white space), for error messages.</summary>
    public static long RootOffset(ReadOnlySpan<byte> utf8)
    {
        var offset = utf8.StartsWith("\uFEFF"u8) ? 3 : 0;
        var skip = utf8[offset..].IndexOfAnyExcept(" \t\r\n"u8);
        return skip < 0 ? utf8.Length : offset + skip;
    }

    /// <summary>
    /// Reads the value at the current token. Objects and arrays are walked with an explicit stack of open
    /// containers rather than by recursion, so nesting costs heap, not stack.
    /// </summary>
    private static MatlabValue ReadValue(ref Utf8JsonReader reader, out int shape, int offset)
    {
        var open = new Stack<Container>();
        while (true)
        {
            MatlabValue value;
            int valueShape;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                open.Push(new Container(reader.TokenType == JsonTokenType.StartObject));
                if (!NextInContainer(ref reader, open.Peek(), offset))
                {
                    continue;
                }

                value = open.Pop().Finish(out valueShape);
            }
            else
            {
                value = ReadScalar(ref reader, out valueShape, offset);
            }

            // A complete value: hand it to its container, and close every container that ends with it.
            while (true)
            {
                if (open.Count == 0)
                {
                    shape = valueShape;
                    return value;
                }

                var container = open.Peek();
                container.Add(value, valueShape);
                if (!NextInContainer(ref reader, container, offset))
                {
                    break;
                }

                value = open.Pop().Finish(out valueShape);
            }
        }
    }

    /// <summary>Moves to the next value of the open container; false when there is one, true when the container ended.</summary>
    private static bool NextInContainer(ref Utf8JsonReader reader, Container container, int offset)
    {
        if (!reader.Read())
        {
            throw MetadataErrors.MalformedJson("the JSON ends inside a value.", offset + reader.BytesConsumed);
        }

        if (container.IsObject)
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                return true;
            }

            container.PendingKey = GetString(ref reader, offset);
            reader.Read();
            return false;
        }

        return reader.TokenType == JsonTokenType.EndArray;
    }

    private static MatlabValue ReadScalar(ref Utf8JsonReader reader, out int shape, int offset)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                shape = ScalarShape;
                var raw = reader.ValueSpan;
                return MatlabValue.Number(DecimalFastPath.TryParse(raw, out var number) || double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out number) ? number : double.NaN);
            case JsonTokenType.True:
            case JsonTokenType.False:
                shape = ScalarShape;
                return MatlabValue.Logical(reader.TokenType == JsonTokenType.True);
            case JsonTokenType.Null:
                shape = OtherShape;
                return MatlabValue.EmptyValue();
            case JsonTokenType.String:
            {
                var text = GetString(ref reader, offset);
                shape = ScalarShape;
                switch (text)
                {
                    case "_Inf_":
                        return MatlabValue.Number(double.PositiveInfinity);
                    case "-_Inf_":
                        return MatlabValue.Number(double.NegativeInfinity);
                    case "_NaN_":
                        return MatlabValue.Number(double.NaN);
                    default:
                        shape = OtherShape;
                        return MatlabValue.String(text);
                }
            }

            default:
                throw MetadataErrors.MalformedJson($"unexpected token {reader.TokenType}.", offset + reader.TokenStartIndex);
        }
    }

    /// <summary>An object or array still being read.</summary>
    private sealed class Container(bool isObject)
    {
        private readonly OrderedFieldBuilder<MatlabValue>? _fields = isObject ? new() : null;
        private readonly List<MatlabValue>? _items = isObject ? null : [];
        private bool _allScalars = true;
        private bool _allScalarArrays = true;
        private bool _allStructs = true;
        private bool _allLogical = true;
        private int _rowLength = -1;

        public bool IsObject => isObject;

        public string PendingKey { get; set; } = string.Empty;

        public void Add(MatlabValue item, int itemShape)
        {
            if (_fields is not null)
            {
                _fields.Set(PendingKey, item);
                return;
            }

            _items!.Add(item);
            _allScalars &= itemShape == ScalarShape;
            if (itemShape < 1 || (_rowLength >= 0 && itemShape != _rowLength))
            {
                _allScalarArrays = false;
            }

            _rowLength = itemShape;
            _allStructs &= item.Kind == MatlabValueKind.Struct;
            _allLogical &= item.IsLogical;
        }

        public MatlabValue Finish(out int shape)
        {
            shape = OtherShape;
            if (_fields is not null)
            {
                return FromJsonLabArray(_fields) ?? MatlabValue.Struct(_fields.ToFieldMap(static v => v));
            }

            var items = _items!;
            if (items.Count == 0)
            {
                return MatlabValue.EmptyValue();
            }

            if (_allScalars)
            {
                shape = items.Count;
                var data = new double[items.Count];
                for (var i = 0; i < data.Length; i++)
                {
                    data[i] = items[i].AsDouble();
                }

                return MatlabValue.Matrix(data, 1, data.Length, _allLogical);
            }

            if (_allScalarArrays)
            {
                var data = new double[items.Count * _rowLength];
                for (var i = 0; i < items.Count; i++)
                {
                    items[i].AsDoubleArray().CopyTo(data, i * _rowLength);
                }

                return MatlabValue.Matrix(data, items.Count, _rowLength, _allLogical);
            }

            return _allStructs ? MatlabValue.StructArray([.. items]) : MatlabValue.Cell([.. items], 1, items.Count);
        }
    }

    /// <summary>
    /// JSONlab writes arrays it cannot express as plain JSON (empty ones, mostly) as an object with
    /// <c>_ArrayType_</c>, <c>_ArraySize_</c> and <c>_ArrayData_</c> (column-major). Returns null when the
    /// object is not such an array, or uses a variant not decoded here (complex, sparse, compressed).
    /// </summary>
    private static MatlabValue? FromJsonLabArray(OrderedFieldBuilder<MatlabValue> fields)
    {
        int typeIndex = fields.IndexOf("_ArrayType_"), sizeIndex = fields.IndexOf("_ArraySize_");
        if (typeIndex < 0 || sizeIndex < 0 || fields.IndexOf("_ArrayIsComplex_") >= 0 || fields.IndexOf("_ArrayIsSparse_") >= 0 || fields.IndexOf("_ArrayZipData_") >= 0)
        {
            return null;
        }

        var size = fields.ValueAt(sizeIndex);
        if (size.Kind is not (MatlabValueKind.Matrix or MatlabValueKind.Number))
        {
            return null;
        }

        var dims = size.AsDoubleArray();
        if (dims.Length != 2 || dims[0] < 0 || dims[1] < 0 || dims[0] != Math.Floor(dims[0]) || dims[1] != Math.Floor(dims[1]) || dims[0] * dims[1] > int.MaxValue)
        {
            return null;
        }

        int rows = (int)dims[0], columns = (int)dims[1];
        var dataIndex = fields.IndexOf("_ArrayData_");
        var data = dataIndex < 0 ? MatlabValue.EmptyValue() : fields.ValueAt(dataIndex);
        if (rows * columns == 0)
        {
            return data.Kind == MatlabValueKind.Empty ? MatlabValue.EmptyValue(rows, columns) : null;
        }

        if (data.Kind is not (MatlabValueKind.Matrix or MatlabValueKind.Number or MatlabValueKind.Logical))
        {
            return null;
        }

        var columnMajor = data.AsDoubleArray();
        if (columnMajor.Length != rows * columns)
        {
            return null;
        }

        var rowMajor = new double[columnMajor.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                rowMajor[(r * columns) + c] = columnMajor[(c * rows) + r];
            }
        }

        var type = fields.ValueAt(typeIndex);
        var logical = type.Kind == MatlabValueKind.String && type.AsString() == "logical";
        return MatlabValue.Matrix(rowMajor, rows, columns, logical);
    }

    /// <summary><see cref="Utf8JsonReader.GetString"/> reports invalid UTF-8 as <see cref="InvalidOperationException"/>; the file is at fault, so report it like any other malformed JSON.</summary>
    private static string GetString(ref Utf8JsonReader reader, int offset)
    {
        try
        {
            return reader.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException ex)
        {
            throw MetadataErrors.MalformedJson(ex.Message, offset + reader.TokenStartIndex, ex);
        }
    }
}
