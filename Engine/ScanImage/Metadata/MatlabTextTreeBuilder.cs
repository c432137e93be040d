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
    internal const int MaxStructArrayIndex = MetadataLimits.MaxStructArrayIndex;

    /// <summary>Struct-array slots any text may create beyond its own length in characters (see <see cref="_slotBudget"/>).</summary>
    private const int BaseSlotBudget = 256;

    private static readonly MatlabValue s_emptyElement = MatlabValue.Struct(MatlabFieldMap.Empty);

    private readonly StructNode _root = new();
    private readonly List<string> _keys = [];

    /// <summary>
    /// Struct-array slots (elements, including the empty ones before a high index) still allowed. Every line
    /// adds its length, so the slots a text creates never exceed its length: <c>x__65536.y = 1</c> alone is
    /// refused (it stays a literal name) while a real file's <c>x__1</c> … <c>x__N</c> always fits.
    /// </summary>
    private long _slotBudget = BaseSlotBudget;

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
        _slotBudget += line.Length;
        var node = _root;
        for (var depth = 1; ; depth++)
        {
            // Past the depth cap the rest of the key is one field name: the value is kept, and found by its key.
            var dot = depth < MetadataLimits.MaxDepth ? key.IndexOf('.') : -1;
            if (dot < 0)
            {
                node.Fields.Set(key, ParseValue(line[(eq + 1)..]));
                return;
            }

            node = Descend(node, key[..dot]);
            key = key[(dot + 1)..];
        }
    }

    /// <summary>Freezes the tree bottom-up with an explicit stack (the depth is capped, but a stack costs nothing).</summary>
    public MatlabValue Build()
    {
        var results = new Stack<MatlabValue>();
        var work = new Stack<(object? Node, bool Children)>();
        work.Push((_root, false));
        while (work.TryPop(out var item))
        {
            switch (item.Node)
            {
                case MatlabValue value:
                    results.Push(value);
                    break;
                case null:
                    results.Push(s_emptyElement);
                    break;
                case StructNode s when item.Children:
                {
                    var keys = new string[s.Fields.Count];
                    var values = new MatlabValue[keys.Length];
                    for (var i = 0; i < keys.Length; i++)
                    {
                        keys[i] = s.Fields.KeyAt(i);
                        values[i] = results.Pop();
                    }

                    results.Push(MatlabValue.Struct(new MatlabFieldMap(keys, values)));
                    break;
                }

                case StructNode s:
                    work.Push((s, true));
                    for (var i = 0; i < s.Fields.Count; i++)
                    {
                        work.Push((s.Fields.ValueAt(i), false));
                    }

                    break;
                case StructArrayNode a when item.Children:
                {
                    var elements = new MatlabValue[a.Elements.Count];
                    for (var i = 0; i < elements.Length; i++)
                    {
                        elements[i] = results.Pop();
                    }

                    results.Push(MatlabValue.StructArray(elements));
                    break;
                }

                case StructArrayNode a:
                    work.Push((a, true));
                    for (var i = 0; i < a.Elements.Count; i++)
                    {
                        work.Push((a.Elements[i], false));
                    }

                    break;
            }
        }

        return results.Pop();
    }

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

    private StructNode Descend(StructNode node, ReadOnlySpan<char> segment)
    {
        var index = SplitArrayIndex(segment, out var name);
        if (index < 0)
        {
            return DescendPlain(node, segment);
        }

        var j = node.Fields.IndexOf(name);
        var array = j >= 0 ? node.Fields.ValueAt(j) as StructArrayNode : null;
        var grow = index + 1 - (array?.Elements.Count ?? 0);
        if (grow > _slotBudget)
        {
            // More slots than the text could ever fill: the segment stays a literal name, like an index past the cap.
            return DescendPlain(node, segment);
        }

        if (array is null)
        {
            array = new StructArrayNode();
            node.Fields.Set(name, array);
        }

        if (grow > 0)
        {
            _slotBudget -= grow;
            array.Elements.AddRange(Enumerable.Repeat<StructNode?>(null, grow));
        }

        return array.Elements[index] ??= new StructNode();
    }

    private static StructNode DescendPlain(StructNode node, ReadOnlySpan<char> segment)
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

    private sealed class StructNode
    {
        public OrderedFieldBuilder<object> Fields { get; } = new();
    }

    /// <summary>Elements never addressed (the gaps before a higher index) stay null and freeze to one shared empty struct.</summary>
    private sealed class StructArrayNode
    {
        public List<StructNode?> Elements { get; } = [];
    }
}
