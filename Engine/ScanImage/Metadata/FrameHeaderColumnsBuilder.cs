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
    private long[] _frameNumbers;
    private long[] _acquisitionNumbers;
    private long[] _frameNumberAcquisition;
    private double[] _frameTimestamps;
    private double[] _acqTriggerTimestamps;
    private double[] _nextFileMarkerTimestamps;
    private bool[] _endOfAcquisition;
    private bool[] _endOfAcquisitionMode;

    /// <summary>Creates a builder with room for <paramref name="capacity"/> descriptions (it grows beyond that if needed).</summary>
    /// <param name="capacity">Expected number of descriptions, typically the IFD count.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public FrameHeaderColumnsBuilder(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _frameNumbers = new long[capacity];
        _acquisitionNumbers = new long[capacity];
        _frameNumberAcquisition = new long[capacity];
        _frameTimestamps = new double[capacity];
        _acqTriggerTimestamps = new double[capacity];
        _nextFileMarkerTimestamps = new double[capacity];
        _endOfAcquisition = new bool[capacity];
        _endOfAcquisitionMode = new bool[capacity];
    }

    /// <summary>Number of descriptions added so far.</summary>
    public int Count { get; private set; }

    /// <summary>Adds one description; fields it lacks are recorded as missing. Never throws on content.</summary>
    /// <param name="description">The raw ImageDescription bytes (trailing padding and NUL included or not).</param>
    public void Add(ReadOnlySpan<byte> description)
    {
        if (Count == _frameNumbers.Length)
        {
            Grow();
        }

        var record = FrameHeaderRecord.Missing;
        FrameHeaderScanner.Scan(description, ref record);
        var i = Count;
        _frameNumbers[i] = record.FrameNumber;
        _acquisitionNumbers[i] = record.AcquisitionNumber;
        _frameNumberAcquisition[i] = record.FrameNumberAcquisition;
        _frameTimestamps[i] = record.FrameTimestamp;
        _acqTriggerTimestamps[i] = record.AcqTriggerTimestamp;
        _nextFileMarkerTimestamps[i] = record.NextFileMarkerTimestamp;
        _endOfAcquisition[i] = record.EndOfAcquisition;
        _endOfAcquisitionMode[i] = record.EndOfAcquisitionMode;
        Count = i + 1;
    }

    /// <summary>Returns the columns collected so far as new arrays of exactly <see cref="Count"/> elements; the builder stays usable.</summary>
    /// <returns>The columns.</returns>
    public FrameHeaderColumns Build() => new(
        Count,
        _frameNumbers.AsSpan(0, Count).ToArray(),
        _acquisitionNumbers.AsSpan(0, Count).ToArray(),
        _frameNumberAcquisition.AsSpan(0, Count).ToArray(),
        _frameTimestamps.AsSpan(0, Count).ToArray(),
        _acqTriggerTimestamps.AsSpan(0, Count).ToArray(),
        _nextFileMarkerTimestamps.AsSpan(0, Count).ToArray(),
        _endOfAcquisition.AsSpan(0, Count).ToArray(),
        _endOfAcquisitionMode.AsSpan(0, Count).ToArray());

    private void Grow()
    {
        var size = (int)Math.Min(Array.MaxLength, Math.Max(16L, _frameNumbers.Length * 2L));
        Array.Resize(ref _frameNumbers, size);
        Array.Resize(ref _acquisitionNumbers, size);
        Array.Resize(ref _frameNumberAcquisition, size);
        Array.Resize(ref _frameTimestamps, size);
        Array.Resize(ref _acqTriggerTimestamps, size);
        Array.Resize(ref _nextFileMarkerTimestamps, size);
        Array.Resize(ref _endOfAcquisition, size);
        Array.Resize(ref _endOfAcquisitionMode, size);
    }
}
