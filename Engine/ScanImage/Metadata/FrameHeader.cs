using System.Globalization;

namespace ScanImageTiff.ScanImage;

/// <summary>
/// The frame-varying data ScanImage writes into each IFD's ImageDescription: frame and acquisition
/// counters, timestamps, flags, the acquisition epoch, aux-trigger times and I2C data.
/// </summary>
/// <remarks>
/// Understands the text form (<c>key = value</c> lines, SI 2015–2023), the JSON form
/// (<c>{"frameNumbers": 1, ...}</c>, optionally wrapped in <c>{"FrameHeader": {...}}</c>) and the SI 5 line
/// names (<c>Frame Number = 5</c>, <c>Frame Timestamp(s) = …</c>, …), which fill the same properties.
/// Typed properties are null when the key is absent, empty or not a value of the expected type. The counters,
/// times and end flags are read by the same scanner as <see cref="FrameHeaderColumns"/>, so the two always agree.
/// For reading thousands of frames use <see cref="FrameHeaderColumnsBuilder"/>, which does not allocate per frame.
/// </remarks>
public sealed class FrameHeader
{
    private static readonly double[] s_noTimes = [];

    private FrameHeader(MatlabFieldMap values, in FrameHeaderRecord record)
    {
        // The counters, times and end flags come from the scanner that fills the bulk columns, so both agree.
        Values = values;
        var counters = FrameHeaderCounters.From(record);
        FrameNumber = counters.FrameNumber;
        AcquisitionNumber = counters.AcquisitionNumber;
        FrameNumberAcquisition = counters.FrameNumberAcquisition;
        FrameTimestamp = counters.FrameTimestamp;
        AcqTriggerTimestamp = counters.AcqTriggerTimestamp;
        NextFileMarkerTimestamp = counters.NextFileMarkerTimestamp;
        EndOfAcquisition = counters.EndOfAcquisition;
        EndOfAcquisitionMode = counters.EndOfAcquisitionMode;
        DcOverVoltage = Flag(values, FrameHeaderKeys.DcOverVoltage, FrameHeaderKeys.Si5DcOverVoltage);
        if (values.TryGetValue(FrameHeaderKeys.Epoch, out var epoch) && epoch.Kind is MatlabValueKind.Number or MatlabValueKind.Matrix)
        {
            EpochVector = epoch.AsDoubleArray();
            Epoch = ToDateTime(EpochVector);
        }

        var aux = new double[4][];
        for (var i = 0; i < aux.Length; i++)
        {
            aux[i] = values.TryGetValue(FrameHeaderKeys.AuxTriggerPrefix + i.ToString(CultureInfo.InvariantCulture), out var times)
                && times.Kind is MatlabValueKind.Number or MatlabValueKind.Matrix
                ? times.AsDoubleArray()
                : s_noTimes;
        }

        AuxTriggers = Array.AsReadOnly(aux);
        I2CData = values.TryGetValue(FrameHeaderKeys.I2CData, out var i2c) ? i2c : null;
    }

    /// <summary><c>frameNumbers</c> (SI 5: <c>Frame Number</c>): frame counter since the acquisition mode started; equal for all channel IFDs of a frame.</summary>
    public long? FrameNumber { get; }

    /// <summary><c>acquisitionNumbers</c>: acquisition counter (per slice in slow stacks, per loop repeat, per trigger).</summary>
    public long? AcquisitionNumber { get; }

    /// <summary><c>frameNumberAcquisition</c>: frame number inside the current acquisition.</summary>
    public long? FrameNumberAcquisition { get; }

    /// <summary><c>frameTimestamps_sec</c> (SI 5: <c>Frame Timestamp(s)</c>): seconds from the acquisition-mode start to the frame's first pixel.</summary>
    public double? FrameTimestamp { get; }

    /// <summary><c>acqTriggerTimestamps_sec</c> (SI 5: <c>Acq Trigger Timestamp(s)</c>): time of the acquisition start trigger; −1 when there was none.</summary>
    public double? AcqTriggerTimestamp { get; }

    /// <summary><c>nextFileMarkerTimestamps_sec</c> (SI 5: <c>Next File Marker Timestamp(s)</c>): time of the last next-file marker; −1 when there was none.</summary>
    public double? NextFileMarkerTimestamp { get; }

    /// <summary><c>endOfAcquisition</c>: true on the last frame of an acquisition.</summary>
    public bool? EndOfAcquisition { get; }

    /// <summary><c>endOfAcquisitionMode</c>: 1 on the last frame of the acquisition mode (GRAB/LOOP).</summary>
    public int? EndOfAcquisitionMode { get; }

    /// <summary><c>dcOverVoltage</c> (SI 5: <c>DC Overvoltage</c>): true when PMT over-voltage was detected.</summary>
    public bool? DcOverVoltage { get; }

    /// <summary>
    /// <c>epoch</c>, the MATLAB date vector <c>[Y M D h m s.sss]</c> of the acquisition-mode start, as a
    /// <see cref="DateTimeKind.Unspecified"/> time (the rig's local clock). Null when absent or when the
    /// vector is not a valid calendar date (some files hold junk such as <c>[12 0 18514 60545 32 47.176]</c>;
    /// <c>[1601 1 1 0 0 25.045]</c>, also seen, is a valid date and is returned).
    /// </summary>
    public DateTime? Epoch { get; }

    /// <summary>The raw <c>epoch</c> numbers, whether or not they form a valid date; null when absent.</summary>
    public double[]? EpochVector { get; }

    /// <summary>
    /// Exactly four entries: the times in <c>auxTrigger0</c> … <c>auxTrigger3</c>; an entry is empty when the
    /// key is <c>[]</c> or absent.
    /// </summary>
    public IReadOnlyList<double[]> AuxTriggers { get; }

    /// <summary><c>I2CData</c> as written (usually empty: <c>{}</c> in text, <c>[]</c> in JSON); null when absent.</summary>
    public MatlabValue? I2CData { get; }

    /// <summary>Every key of the header with its value, in order, including keys this class does not interpret.</summary>
    public IReadOnlyDictionary<string, MatlabValue> Values { get; }

    /// <summary>
    /// The counters, times and end flags of one raw ImageDescription, the same values as <see cref="Parse"/>'s
    /// properties of those names, read without parsing the rest and without allocating: for streams that report a
    /// frame number and a time per frame. A malformed JSON header is not reported here (<see cref="Parse"/> reports it).
    /// </summary>
    /// <param name="description">The tag bytes as stored (see <see cref="Parse"/>).</param>
    public static FrameHeaderCounters ReadCounters(ReadOnlySpan<byte> description)
    {
        var record = FrameHeaderRecord.Missing;
        FrameHeaderScanner.Scan(description, ref record);
        return FrameHeaderCounters.From(record);
    }

    /// <summary>Parses one raw ImageDescription.</summary>
    /// <param name="description">
    /// The tag bytes as stored. Everything from the first NUL on is ignored, as is trailing white space
    /// (ScanImage pads to 2000 characters). In SI ≤ 2015 descriptions, parsing stops at the first key that
    /// starts with <c>scanimage.</c>, <c>state.</c> or <c>SI.</c>: those lines are non-varying metadata
    /// (parse them with <see cref="MetadataTree.ParseMatlab"/>).
    /// </param>
    /// <returns>The header; all properties null for an empty description.</returns>
    /// <exception cref="TiffFormatException">The description is JSON (starts with <c>{</c>) and malformed; the message carries the byte offset.</exception>
    public static FrameHeader Parse(ReadOnlySpan<byte> description)
    {
        var record = FrameHeaderRecord.Missing;
        FrameHeaderScanner.Scan(description, ref record);
        var nul = description.IndexOf((byte)0);
        if (nul >= 0)
        {
            description = description[..nul];
        }

        description = description[..(description.LastIndexOfAnyExcept(" \t\r\n"u8) + 1)];
        var first = description.IndexOfAnyExcept(" \t\r\n"u8);
        if (first < 0)
        {
            return new FrameHeader(MatlabFieldMap.Empty, record);
        }

        if (description[first] == (byte)'{')
        {
            var root = JsonMatlabReader.Read(description);
            if (root.Kind != MatlabValueKind.Struct)
            {
                MetadataErrors.ThrowMalformedJson("a JSON frame header must be an object.", first);
            }

            var fields = root.FieldMap!;
            if (fields.TryGetValue(FrameHeaderKeys.Wrapper, out var inner) && inner.Kind == MatlabValueKind.Struct)
            {
                fields = inner.FieldMap!;
            }

            return new FrameHeader(fields, record);
        }

        return new FrameHeader(ParseLines(MetadataText.Decode(description)), record);
    }

    private static MatlabFieldMap ParseLines(ReadOnlySpan<char> text)
    {
        var fields = new OrderedFieldBuilder<MatlabValue>();
        foreach (var range in text.SplitAny('\r', '\n'))
        {
            var line = text[range];
            var eq = line.IndexOf('=');
            if (eq < 0)
            {
                continue;
            }

            var key = line[..eq].Trim();
            if (FrameHeaderKeys.IsNonVaryingKey(key))
            {
                break;
            }

            if (!key.IsEmpty)
            {
                fields.Set(key, MatlabValue.Parse(line[(eq + 1)..]));
            }
        }

        return fields.ToFieldMap(static v => v);
    }

    private static MatlabValue? Find(MatlabFieldMap values, string key, string? alias)
    {
        if (values.TryGetValue(key, out var value) || (alias is not null && values.TryGetValue(alias, out value)))
        {
            return value;
        }

        return null;
    }

    private static double? Double(MatlabFieldMap values, string key, string? alias = null)
        => Find(values, key, alias) is { Kind: MatlabValueKind.Number or MatlabValueKind.Logical } value ? value.AsDouble() : null;

    private static bool? Flag(MatlabFieldMap values, string key, string? alias = null)
        => Double(values, key, alias) is double d && !double.IsNaN(d) ? d != 0 : null;

    /// <summary>A MATLAB date vector as a calendar time, or null when any component is out of range.</summary>
    internal static DateTime? ToDateTime(ReadOnlySpan<double> vector)
    {
        if (vector.Length != 6)
        {
            return null;
        }

        for (var i = 0; i < 5; i++)
        {
            if (vector[i] != Math.Floor(vector[i]))
            {
                return null;
            }
        }

        double year = vector[0], month = vector[1], day = vector[2], hour = vector[3], minute = vector[4], second = vector[5];
        if (year is < 1 or > 9999 || month is < 1 or > 12 || hour is < 0 or > 23 || minute is < 0 or > 59 || !(second is >= 0 and < 60))
        {
            return null;
        }

        if (day < 1 || day > DateTime.DaysInMonth((int)year, (int)month))
        {
            return null;
        }

        var start = new DateTime((int)year, (int)month, (int)day, (int)hour, (int)minute, 0, DateTimeKind.Unspecified);
        var ticks = (long)Math.Round(second * TimeSpan.TicksPerSecond);
        return ticks <= DateTime.MaxValue.Ticks - start.Ticks ? start.AddTicks(ticks) : null;
    }
}
