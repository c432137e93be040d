namespace ScanImageTiff.ScanImage;

/// <summary>
/// Mutable, insertion-ordered name → value list used while a struct is being assembled from lines or JSON.
/// A repeated name replaces the value in place (the last assignment wins, like MATLAB) so the first
/// position is kept.
/// </summary>
internal sealed class OrderedFieldBuilder<T>
{
    private readonly List<string> _keys = [];
    private readonly List<T> _values = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spanIndex;

    public OrderedFieldBuilder()
    {
        _spanIndex = _index.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _keys.Count;

    public string KeyAt(int index) => _keys[index];

    public T ValueAt(int index) => _values[index];

    public int IndexOf(ReadOnlySpan<char> key) => _spanIndex.TryGetValue(key, out var i) ? i : -1;

    public void SetAt(int index, T value) => _values[index] = value;

    /// <summary>Adds a new field or replaces the value of an existing one; returns its index.</summary>
    public int Set(ReadOnlySpan<char> key, T value)
    {
        var i = IndexOf(key);
        if (i >= 0)
        {
            _values[i] = value;
            return i;
        }

        var name = key.ToString();
        _index.Add(name, _keys.Count);
        _keys.Add(name);
        _values.Add(value);
        return _keys.Count - 1;
    }

    public MatlabFieldMap ToFieldMap(Func<T, MatlabValue> convert)
    {
        var keys = _keys.ToArray();
        var values = new MatlabValue[_values.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = convert(_values[i]);
        }

        return new MatlabFieldMap(keys, values);
    }
}
