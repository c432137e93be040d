namespace ScanImageTiff.ScanImage;

/// <summary>
/// Collects the frame-header fields of many IFDs into <see cref="FrameHeaderColumns"/> without allocating
/// per frame: feed it each raw ImageDescription (for example a span over a memory-mapped file) and call
/// <see cref="Build"/> at the end.
/// </summary>
/// <remarks>
/// <see cref="Add"/> matches keys as UTF-8 bytes and parses numbers directly from them with correct
/// rounding; it understands the text form, the JSON form and the SI 5 line names, stops at the first NUL,
/// at the first <c>scanimage.</c>/<c>state.</c>/<c>SI.</c> key, or once every field has been seen.
/// It allocates only when the columns outgrow their capacity. Not thread-safe.
/// </remarks>
public sealed class FrameHeaderColumnsBuilder
{
    // Rows [0, Count) are set; the rest is capacity.
    private FrameHeaderColumns _rows;

    /// <summary>Creates a builder with room for <paramref name="capacity"/> descriptions (it grows beyond that if needed).</summary>
    /// <param name="capacity">Expected number of descriptions, typically the IFD count.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public FrameHeaderColumnsBuilder(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _rows = FrameHeaderColumns.Allocate(capacity);
    }

    /// <summary>Number of descriptions added so far.</summary>
    public int Count { get; private set; }

    /// <summary>Adds one description; fields it lacks are recorded as missing. Never throws on content.</summary>
    /// <param name="description">The raw ImageDescription bytes (trailing padding and NUL included or not).</param>
    public void Add(ReadOnlySpan<byte> description)
    {
        if (Count == _rows.Count)
        {
            _rows = _rows.CopyTo(Count, (int)Math.Min(Array.MaxLength, Math.Max(16L, Count * 2L)));
        }

        var record = FrameHeaderRecord.Missing;
        FrameHeaderScanner.Scan(description, ref record);
        _rows.Set(Count, record);
        Count++;
    }

    /// <summary>Returns the columns collected so far as new arrays of exactly <see cref="Count"/> elements; the builder stays usable.</summary>
    /// <returns>The columns.</returns>
    public FrameHeaderColumns Build() => _rows.CopyTo(Count, Count);
}
