using System.Diagnostics.CodeAnalysis;

namespace ScanImageTiff.ScanImage;

/// <summary>
/// ScanImage's non-varying metadata (section 0 of the 2016+ header block, or the <c>state.*</c> /
/// <c>scanimage.SI*</c> lines of older descriptions) as a tree of <see cref="MatlabValue"/>s, addressable by
/// dotted keys such as <c>SI.hChannels.channelSave</c>.
/// </summary>
/// <remarks>
/// Keys are kept exactly as written (<c>SI.x</c>, <c>state.acq.x</c>, <c>scanimage.SI5.x</c>); no prefix is
/// rewritten. A segment <c>name__N</c> addresses element N (1-based) of the struct array <c>name</c>.
/// Instances are immutable and safe to share between threads.
/// </remarks>
public sealed class MetadataTree
{
    private readonly System.Collections.ObjectModel.ReadOnlyCollection<KeyValuePair<string, MatlabValue>> _leaves;

    /// <summary>
    /// Every key <see cref="Flatten"/> yields, so that each one is found even when a segment is not a plain
    /// name: a JSON key may contain '.', and text keys deeper than the depth cap keep their tail as one name.
    /// </summary>
    private readonly Dictionary<string, MatlabValue> _leafIndex;

    private MetadataTree(MatlabValue root, IEnumerable<string>? sourceKeys)
    {
        Root = root;
        var leaves = sourceKeys is null ? FlattenTree(root) : LeavesInSourceOrder(sourceKeys);
        _leafIndex = new Dictionary<string, MatlabValue>(leaves.Length, StringComparer.Ordinal);
        var unique = new List<KeyValuePair<string, MatlabValue>>(leaves.Length);
        foreach (var leaf in leaves)
        {
            // Two JSON spellings can flatten to one key ({"a.b": 1, "a": {"b": 2}}); the first one keeps it.
            if (_leafIndex.TryAdd(leaf.Key, leaf.Value))
            {
                unique.Add(leaf);
            }
        }

        _leaves = unique.AsReadOnly();
    }

    /// <summary>The root struct; for 2016+ files its single field is <c>SI</c>.</summary>
    public MatlabValue Root { get; }

    /// <summary>The number of leaf values, i.e. of items <see cref="Flatten"/> returns.</summary>
    public int Count => _leaves.Count;

    /// <summary>The value at <paramref name="dottedKey"/>, or null when there is none.</summary>
    /// <param name="dottedKey">For example <c>SI.hStackManager.numSlices</c> or <c>SI.hScan2D.virtualChannelSettings__1.source</c>.</param>
    public MatlabValue? this[string dottedKey] => TryGetValue(dottedKey, out var value) ? value : null;

    /// <summary>
    /// Parses MATLAB assignment lines: <c>SI.a.b = value</c> (2016+), <c>state.acq.x=5</c> (SI 3.x),
    /// <c>scanimage.SI4.x = …</c> / <c>scanimage.SI5.x = …</c> / <c>scanimage.SI.x = …</c> (SI 4, 5, 2015).
    /// Lines may end in LF, CRLF or CR. Never throws.
    /// </summary>
    /// <param name="text">The decoded text. A trailing NUL or missing final newline is fine.</param>
    /// <returns>The tree.</returns>
    /// <remarks>
    /// The value is everything after the first <c>=</c>, trimmed, parsed with <see cref="MatlabValue.Parse"/>.
    /// Lines without <c>=</c> or with an empty key segment are skipped. Assigning a path again replaces the
    /// earlier value in place (the last line wins, as it would in MATLAB).
    /// </remarks>
    public static MetadataTree ParseMatlab(ReadOnlySpan<char> text)
    {
        var builder = new MatlabTextTreeBuilder();
        builder.AddLines(text);
        return new MetadataTree(builder.Build(), builder.Keys);
    }

    /// <summary>
    /// Parses the JSON form of section 0 (<c>{"SI": {...}}</c>, written when ScanImage's
    /// <c>useJsonHeaderFormat</c> is on) into the same tree shape the text form gives.
    /// </summary>
    /// <param name="utf8">UTF-8 JSON; trailing NULs and white space are ignored.</param>
    /// <returns>The tree.</returns>
    /// <exception cref="TiffFormatException">
    /// The JSON is malformed or its root is not an object. The message names the byte offset, which is also <see cref="TiffFormatException.FileOffset"/> and in
    /// <see cref="Exception.Data"/> under <c>"BytePosition"</c>.
    /// </exception>
    public static MetadataTree ParseJson(ReadOnlySpan<byte> utf8)
    {
        var json = TrimTrailing(utf8);
        var root = JsonMatlabReader.Read(json);
        if (root.Kind != MatlabValueKind.Struct)
        {
            MetadataErrors.ThrowMalformedJson("the metadata JSON root must be an object.", JsonMatlabReader.RootOffset(json));
        }

        return new MetadataTree(root, null);
    }

    /// <summary>
    /// Parses a raw section-0 byte block as found in the file: stops at the first NUL, then uses
    /// <see cref="ParseJson"/> when the first non-blank byte is <c>{</c> (as ScanImage and Vidrio detect it), and
    /// otherwise decodes the text (UTF-8, or Latin-1 when it is not valid UTF-8) for <see cref="ParseMatlab"/>.
    /// </summary>
    /// <param name="section">Section bytes, with or without the trailing NUL.</param>
    /// <returns>The tree.</returns>
    /// <exception cref="TiffFormatException">The section is JSON and malformed.</exception>
    public static MetadataTree Parse(ReadOnlySpan<byte> section)
    {
        var nul = section.IndexOf((byte)0);
        if (nul >= 0)
        {
            section = section[..nul];
        }

        var first = section.IndexOfAnyExcept(" \t\r\n"u8);
        if (first >= 0 && section[first] == (byte)'{')
        {
            return ParseJson(section);
        }

        return ParseMatlab(MetadataText.Decode(section));
    }

    /// <summary>Looks up a value by dotted key; inner nodes (structs, struct arrays) are values too.</summary>
    /// <param name="dottedKey">Segments separated by <c>.</c>; <c>name__N</c> selects struct-array element N (1-based).</param>
    /// <param name="value">The value when found.</param>
    /// <returns>True when the key exists.</returns>
    public bool TryGetValue(string dottedKey, [MaybeNullWhen(false)] out MatlabValue value)
    {
        ArgumentNullException.ThrowIfNull(dottedKey);
        return _leafIndex.TryGetValue(dottedKey, out value) || TryWalk(dottedKey, out value);
    }

    private bool TryWalk(string dottedKey, [MaybeNullWhen(false)] out MatlabValue value)
    {
        value = null;
        if (dottedKey.Length == 0)
        {
            return false;
        }

        var node = Root;
        var depth = 0;
        foreach (var range in dottedKey.AsSpan().Split('.'))
        {
            // Past the depth cap the text parser kept the rest of the key as one name (see MetadataLimits).
            var segment = ++depth < MetadataLimits.MaxDepth ? dottedKey.AsSpan()[range] : dottedKey.AsSpan(range.Start.Value);
            if (node.Kind != MatlabValueKind.Struct)
            {
                return false;
            }

            var fields = node.FieldMap!;
            if (fields.TryGetValue(segment, out var child))
            {
                node = child;
            }
            else
            {
                var index = MatlabTextTreeBuilder.SplitArrayIndex(segment, out var name);
                if (index < 0 || !fields.TryGetValue(name, out var array) || array.Kind != MatlabValueKind.StructArray || index >= array.Items.Count)
                {
                    return false;
                }

                node = array.Items[index];
            }

            if (depth == MetadataLimits.MaxDepth)
            {
                break;
            }
        }

        value = node;
        return true;
    }

    /// <summary>
    /// The leaf values with their dotted keys in source order: the order of the lines for MATLAB text (a key
    /// assigned twice appears once, where it first appeared), document order for JSON. Struct-array
    /// elements are spelled <c>name__N</c> (1-based), as ScanImage writes them. Every key round-trips through
    /// <see cref="TryGetValue"/> to the value it is listed with, also when a JSON key contains '.' or a MATLAB key is
    /// deeper than 64 segments (its tail is kept as one name); when two JSON spellings flatten to the same key
    /// (<c>{"a.b": 1, "a": {"b": 2}}</c>) only the first is listed. Empty JSON objects and arrays of objects are
    /// reported as leaves.
    /// </summary>
    /// <returns>The leaves; computed once at parse time.</returns>
    public IEnumerable<KeyValuePair<string, MatlabValue>> Flatten() => _leaves;

    private static bool IsLeaf(MatlabValue value)
        => !(value.Kind == MatlabValueKind.Struct && value.FieldMap!.Count > 0) && !(value.Kind == MatlabValueKind.StructArray && value.Items.Count > 0);

    /// <summary>
    /// Lines are not always grouped by struct (SI 3.x writes <c>state.init.eom.*</c> keys in several runs),
    /// so the tree order is not the line order; the recorded keys are. Keys that a later line turned into
    /// a struct, or that a later line overwrote through a parent, no longer resolve to a leaf and drop out.
    /// </summary>
    private KeyValuePair<string, MatlabValue>[] LeavesInSourceOrder(IEnumerable<string> keys)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var leaves = new List<KeyValuePair<string, MatlabValue>>();
        foreach (var key in keys)
        {
            if (seen.Add(key) && TryWalk(key, out var value) && IsLeaf(value))
            {
                leaves.Add(new KeyValuePair<string, MatlabValue>(key, value));
            }
        }

        return [.. leaves];
    }

    /// <summary>Depth-first, in document order, with an explicit stack.</summary>
    private static KeyValuePair<string, MatlabValue>[] FlattenTree(MatlabValue root)
    {
        var leaves = new List<KeyValuePair<string, MatlabValue>>();
        var work = new Stack<(string? Prefix, MatlabValue Node)>();
        work.Push((null, root));
        while (work.TryPop(out var item))
        {
            var (prefix, node) = item;
            if (node.Kind == MatlabValueKind.Struct && node.FieldMap!.Count > 0)
            {
                var fields = node.FieldMap;
                for (var i = fields.Count - 1; i >= 0; i--)
                {
                    var key = fields.KeyAt(i);
                    work.Push((prefix is null ? key : string.Concat(prefix, ".", key), fields.ValueAt(i)));
                }
            }
            else if (node.Kind == MatlabValueKind.StructArray && node.Items.Count > 0 && prefix is not null)
            {
                for (var i = node.Items.Count - 1; i >= 0; i--)
                {
                    work.Push((string.Concat(prefix, "__", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), node.Items[i]));
                }
            }
            else if (prefix is not null)
            {
                leaves.Add(new KeyValuePair<string, MatlabValue>(prefix, node));
            }
        }

        return [.. leaves];
    }

    private static ReadOnlySpan<byte> TrimTrailing(ReadOnlySpan<byte> utf8)
    {
        var last = utf8.LastIndexOfAnyExcept(" \t\r\n\0"u8);
        return utf8[..(last + 1)];
    }
}
