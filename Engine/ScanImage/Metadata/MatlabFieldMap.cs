using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace ScanImageTiff.ScanImage;

/// <summary>
/// Immutable struct fields in declaration order. <see cref="Dictionary{TKey, TValue}"/> does not promise
/// enumeration order and <see cref="OrderedDictionary{TKey, TValue}"/> has no span lookup, so this keeps
/// the order in arrays and a string index that also answers <see cref="ReadOnlySpan{T}"/> keys.
/// </summary>
internal sealed class MatlabFieldMap : IReadOnlyDictionary<string, MatlabValue>
{
    public static readonly MatlabFieldMap Empty = new([], []);

    private readonly string[] _keys;
    private readonly MatlabValue[] _values;
    private readonly Dictionary<string, int> _index;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spanIndex;

    /// <summary>Takes ownership of the arrays; keys must be unique.</summary>
    public MatlabFieldMap(string[] keys, MatlabValue[] values)
    {
        _keys = keys;
        _values = values;
        _index = new Dictionary<string, int>(keys.Length, StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            _index[keys[i]] = i;
        }

        _spanIndex = _index.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _keys.Length;

    public MatlabValue this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The struct has no field '{key}'.");

    public IEnumerable<string> Keys => _keys;

    public IEnumerable<MatlabValue> Values => _values;

    internal string KeyAt(int index) => _keys[index];

    internal MatlabValue ValueAt(int index) => _values[index];

    public bool ContainsKey(string key) => _index.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out MatlabValue value)
    {
        if (_index.TryGetValue(key, out var i))
        {
            value = _values[i];
            return true;
        }

        value = null;
        return false;
    }

    public bool TryGetValue(ReadOnlySpan<char> key, [MaybeNullWhen(false)] out MatlabValue value)
    {
        if (_spanIndex.TryGetValue(key, out var i))
        {
            value = _values[i];
            return true;
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, MatlabValue>> GetEnumerator()
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            yield return new KeyValuePair<string, MatlabValue>(_keys[i], _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
