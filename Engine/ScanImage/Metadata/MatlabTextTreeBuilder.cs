namespace ScanImageTiff.ScanImage;

/// <summary>
/// Assembles <c>a.b.c = value</c> lines into a struct tree. Nodes stay mutable until <see cref="Build"/>
/// so that later lines can extend (or, like MATLAB re-assignment, replace) what earlier lines created.
/// </summary>
internal sealed class MatlabTextTreeBuilder
{
    /// <summary>
    /// Largest struct-array index honoured in a <c>name__N</c> segment; the index comes from the file, so a
    /// hostile <c>x__2000000000.y</c> must not allocate two billion elements. Larger indices stay literal names.
    /// </summary>
    internal const int MaxStructArrayIndex = 1 << 16;

    private readonly StructNode _root = new();
    private readonly List<string> _keys = [];

    /// <summary>The key of every accepted line, in source order (repeats included).</summary>
    public IReadOnlyList<string> Keys => _keys;

    public void AddLines(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var end = text.IndexOfAny('\r', '\n');
            if (end < 0)
            {
                AddLine(text);
                return;
            }

            AddLine(text[..end]);
            text = text[(end + 1)..];
        }
    }

    /// <summary>Adds one <c>key = value</c> line; lines without <c>=</c> or with a malformed key are ignored.</summary>
    public void AddLine(ReadOnlySpan<char> line)
    {
        var eq = line.IndexOf('=');
        if (eq < 0)
        {
            return;
        }

        var key = line[..eq].Trim();
        if (key.IsEmpty || key[0] == '.' || key[^1] == '.' || key.Contains("..", StringComparison.Ordinal))
        {
            return;
        }

        _keys.Add(key.ToString());
        var node = _root;
        while (true)
        {
            var dot = key.IndexOf('.');
            if (dot < 0)
            {
                node.Fields.Set(key, ParseValue(line[(eq + 1)..]));
                return;
            }

            node = Descend(node, key[..dot]);
            key = key[(dot + 1)..];
        }
    }

    public MatlabValue Build() => Freeze(_root);

    internal static MatlabValue ParseValue(ReadOnlySpan<char> text) => MatlabLiteralParser.Parse(text);

    /// <summary>
    /// Splits <c>name__N</c> (ScanImage's spelling of MATLAB's <c>name(N)</c>) into the name and the
    /// 0-based index N−1; returns −1 when the segment is a plain name.
    /// </summary>
    internal static int SplitArrayIndex(ReadOnlySpan<char> segment, out ReadOnlySpan<char> name)
    {
        name = segment;
        var mark = segment.LastIndexOf("__", StringComparison.Ordinal);
        if (mark <= 0 || mark + 2 == segment.Length)
        {
            return -1;
        }

        var digits = segment[(mark + 2)..];
        if (digits[0] == '0' || !int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n > MaxStructArrayIndex)
        {
            return -1;
        }

        name = segment[..mark];
        return n - 1;
    }

    private static StructNode Descend(StructNode node, ReadOnlySpan<char> segment)
    {
        var index = SplitArrayIndex(segment, out var name);
        if (index < 0)
        {
            var i = node.Fields.IndexOf(segment);
            if (i >= 0 && node.Fields.ValueAt(i) is StructNode existing)
            {
                return existing;
            }

            var created = new StructNode();
            node.Fields.Set(segment, created);
            return created;
        }

        var j = node.Fields.IndexOf(name);
        if (j < 0 || node.Fields.ValueAt(j) is not StructArrayNode array)
        {
            array = new StructArrayNode();
            node.Fields.Set(name, array);
        }

        while (array.Elements.Count <= index)
        {
            array.Elements.Add(new StructNode());
        }

        return array.Elements[index];
    }

    private static MatlabValue Freeze(object node) => node switch
    {
        MatlabValue value => value,
        StructNode s => MatlabValue.Struct(s.Fields.ToFieldMap(Freeze)),
        StructArrayNode a => MatlabValue.StructArray([.. a.Elements.Select(Freeze)]),
        _ => throw new InvalidOperationException("Unexpected tree node."),
    };

    private sealed class StructNode
    {
        public OrderedFieldBuilder<object> Fields { get; } = new();
    }

    private sealed class StructArrayNode
    {
        public List<StructNode> Elements { get; } = [];
    }
}
