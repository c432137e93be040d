using System.Globalization;
using System.Text;

namespace ScanImageTiff.ScanImage;

/// <summary>
/// How the IFDs of an acquisition map to channels × frames × slices × volumes. IFD order is channel
/// fastest, then frame within slice, then slice, then volume; FastZ flyback frames are on disk (even when
/// <c>discardFlybackFrames</c> is true) and are counted in <see cref="FramesPerVolumeOnDisk"/>.
/// </summary>
/// <remarks>IFD index g maps as: channel = g mod C, t = g div C, volume = t div D, k = t mod D (D = frames per
/// volume on disk); k &lt; S·F is slice k div F, frame k mod F; otherwise a flyback frame.</remarks>
public sealed class AcquisitionStructure
{
    /// <summary>The <see cref="Exception.Data"/> entry that names the metadata key an <see cref="InvalidDataException"/> is about.</summary>
    internal const string KeyData = "ScanImageKey";

    /// <summary>
    /// Most IFDs a volume may span. Frame counts come from the file; a product of them that no file could
    /// hold (or that would overflow the IFD arithmetic) is nonsense, not a structure.
    /// </summary>
    internal const int MaxIfdsPerVolume = int.MaxValue;

    /// <summary>Most acquisition frames before the first file (from <c>frameNumbers</c>); years of imaging at 10 kHz.</summary>
    internal const long MaxFramesBefore = 1L << 40;

    private AcquisitionStructure(int[] channels, long slices, long framesPerSlice, long flyback, int ifds, long ifdsBefore, StringBuilder basis)
    {
        var perVolume = (((Int128)slices * framesPerSlice) + flyback) * channels.Length;
        if (slices < 1 || framesPerSlice < 1 || flyback < 0 || perVolume > MaxIfdsPerVolume)
        {
            // Arithmetic on these would overflow: treat the frame counts as absent, and say so.
            if (basis.Length > 0 && basis[^1] != ' ')
            {
                basis.Append("; ");
            }

            basis.Append(CultureInfo.InvariantCulture, $"{slices} slice(s) x {framesPerSlice} frame(s) + {flyback} flyback x {channels.Length} channel(s) = {perVolume} IFDs per volume is not a structure any file can hold: the counts are treated as absent (1 slice, frames from the IFD count, no flyback); ");
            slices = 1;
            flyback = 0;
            framesPerSlice = Math.Max(1, ifds / channels.Length);
        }

        Channels = channels;
        SlicesPerVolume = (int)slices;
        FramesPerSlice = (int)framesPerSlice;
        FlybackFramesPerVolume = (int)flyback;
        IfdCount = ifds;
        IfdsBefore = ifdsBefore;
        Basis = basis.ToString().TrimEnd(' ', ';');
        var perVolumeIfds = (long)IfdsPerVolume;
        var firstCompleteStart = (perVolumeIfds - (ifdsBefore % perVolumeIfds)) % perVolumeIfds;
        VolumesComplete = (int)Math.Max(0, (ifds - firstCompleteStart) / perVolumeIfds);
        IfdsInPartialVolumes = (int)(ifds - (VolumesComplete * perVolumeIfds));
    }

    /// <summary>Saved channel numbers (1-based, as in <c>channelSave</c>), in IFD order.</summary>
    public IReadOnlyList<int> Channels { get; }

    /// <summary>Real z planes per volume (flyback frames excluded).</summary>
    public int SlicesPerVolume { get; }

    /// <summary>Saved frames per slice (after log averaging).</summary>
    public int FramesPerSlice { get; }

    /// <summary>FastZ flyback frames per volume per channel as written on disk.</summary>
    public int FlybackFramesPerVolume { get; }

    /// <summary>Frames per volume per channel on disk: slices × frames per slice + flyback.</summary>
    public int FramesPerVolumeOnDisk => (SlicesPerVolume * FramesPerSlice) + FlybackFramesPerVolume;

    /// <summary>IFDs per volume: channels × frames per volume on disk.</summary>
    public int IfdsPerVolume => Channels.Count * FramesPerVolumeOnDisk;

    /// <summary>IFDs described (all files given).</summary>
    public int IfdCount { get; }

    /// <summary>IFDs of the acquisition before the first one given (from <c>frameNumbers</c> of IFD 0; 0 when unknown).</summary>
    public long IfdsBefore { get; }

    /// <summary>Volumes of the whole acquisition before the first one given.</summary>
    public long VolumeOffset => IfdsBefore / IfdsPerVolume;

    /// <summary>Volumes whose every IFD is present.</summary>
    public int VolumesComplete { get; }

    /// <summary>IFDs that belong to incomplete volumes (reported, never dropped or padded).</summary>
    public int IfdsInPartialVolumes { get; }

    /// <summary>Volumes the metadata announces for the whole acquisition (<c>actualNumVolumes</c>/<c>numVolumes</c>), or null.</summary>
    public int? VolumesInMetadata { get; private init; }

    /// <summary><c>"fast"</c> (FastZ), <c>"slow"</c> (motor) or null when no stack was acquired.</summary>
    public string? StackMode { get; private init; }

    /// <summary>Acquired frames averaged into one saved frame.</summary>
    public int LogAverageFactor { get; private init; } = 1;

    /// <summary>Frames per file before ScanImage rolls over to the next file (<see cref="double.PositiveInfinity"/> = one file), or null.</summary>
    public double? FramesPerFile { get; private init; }

    /// <summary>How the numbers were derived, in words (which keys, which fallbacks).</summary>
    public string Basis { get; }

    /// <summary>The place of IFD <paramref name="ifd"/> (0 ≤ ifd &lt; <see cref="IfdCount"/>).</summary>
    /// <param name="ifd">IFD index over the files given.</param>
    public FrameCoordinates Locate(int ifd)
    {
        if ((uint)ifd >= (uint)IfdCount)
        {
            throw new ArgumentOutOfRangeException(nameof(ifd), ifd, $"the acquisition has {IfdCount} IFDs");
        }

        var g = ifd + IfdsBefore;
        var c = Channels.Count;
        var channelIndex = (int)(g % c);
        var t = g / c;
        var perVolume = FramesPerVolumeOnDisk;
        var volume = (int)((t / perVolume) - VolumeOffset);
        var k = (int)(t % perVolume);
        var imaged = SlicesPerVolume * FramesPerSlice;
        return k < imaged
            ? new FrameCoordinates(ifd, volume, k / FramesPerSlice, k % FramesPerSlice, k, channelIndex, Channels[channelIndex], false)
            : new FrameCoordinates(ifd, volume, -1, -1, k, channelIndex, Channels[channelIndex], true);
    }

    /// <summary>The IFD holding (volume, slice, frame in slice, channel index), or -1 when it is not among the files given.</summary>
    /// <param name="volume">Volume as in <see cref="FrameCoordinates.Volume"/>.</param>
    /// <param name="slice">z plane.</param>
    /// <param name="frameInSlice">Frame within the slice.</param>
    /// <param name="channelIndex">Position among the saved channels.</param>
    public int IndexOf(int volume, int slice, int frameInSlice, int channelIndex)
    {
        if ((uint)slice >= (uint)SlicesPerVolume || (uint)frameInSlice >= (uint)FramesPerSlice || (uint)channelIndex >= (uint)Channels.Count)
        {
            return -1;
        }

        // Any int volume is asked about, so the product is formed without overflow.
        var t = (((Int128)volume + VolumeOffset) * FramesPerVolumeOnDisk) + ((long)slice * FramesPerSlice) + frameInSlice;
        var ifd = (t * Channels.Count) + channelIndex - IfdsBefore;
        return ifd >= 0 && ifd < IfdCount ? (int)ifd : -1;
    }

    /// <summary>
    /// IFDs in order that match every filter given; flyback frames only when asked for (they never match a slice).
    /// </summary>
    /// <param name="channel">ScanImage channel number (1-based), or null for all.</param>
    /// <param name="slice">z plane, or null for all.</param>
    /// <param name="volume">Volume, or null for all.</param>
    /// <param name="includeFlyback">Keep flyback frames (only when <paramref name="slice"/> is null).</param>
    public int[] Select(int? channel = null, int? slice = null, int? volume = null, bool includeFlyback = false)
    {
        if (channel is { } ch && !Channels.Contains(ch))
        {
            throw new ArgumentOutOfRangeException(nameof(channel), ch, $"saved channels are {string.Join(", ", Channels)}");
        }

        if (slice is { } z && (uint)z >= (uint)SlicesPerVolume)
        {
            throw new ArgumentOutOfRangeException(nameof(slice), z, $"volumes have {SlicesPerVolume} slices");
        }

        var result = new List<int>();
        for (var i = 0; i < IfdCount; i++)
        {
            var p = Locate(i);
            if ((channel is null || p.Channel == channel) && (volume is null || p.Volume == volume)
                && (p.IsFlyback ? includeFlyback && slice is null : slice is null || p.Slice == slice))
            {
                result.Add(i);
            }
        }

        return [.. result];
    }

    /// <summary>Derives the structure of <paramref name="ifds"/> IFDs from a file's metadata.</summary>
    /// <param name="metadata">The metadata of (the first file of) the acquisition.</param>
    /// <param name="ifds">IFDs over all files given.</param>
    /// <param name="firstFrameNumber"><c>frameNumbers</c> of IFD 0 (1 for the first file of an acquisition), or null when unknown.</param>
    /// <exception cref="InvalidDataException">The saved-channel list is not a list of distinct channel numbers.</exception>
    public static AcquisitionStructure Derive(ScanImageMetadata metadata, int ifds, long? firstFrameNumber)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentOutOfRangeException.ThrowIfNegative(ifds);
        var basis = new StringBuilder();
        var keys = new Keys(metadata);
        return metadata.Era switch
        {
            ScanImageEra.SI3 => FromSI3(keys, ifds, basis),
            ScanImageEra.SI4 => FromLegacy(keys, ifds, firstFrameNumber, "scanimage.SI4.", basis),
            ScanImageEra.SI5 => FromLegacy(keys, ifds, firstFrameNumber, "scanimage.SI5.", basis),
            _ => FromModern(keys, ifds, firstFrameNumber, metadata.Era == ScanImageEra.SI2015 ? "scanimage.SI." : "SI.", basis),
        };
    }

    private static AcquisitionStructure FromModern(Keys k, int ifds, long? firstFrameNumber, string p, StringBuilder basis)
    {
        var channels = k.Channels(p + "hChannels.channelSave", basis);
        var stackEnable = k.Bool(p + "hStackManager.enable");
        var fastZ = k.Bool(p + "hFastZ.enable") ?? false;
        var numSlices = k.Int(p + "hStackManager.actualNumSlices") ?? k.Int(p + "hStackManager.numSlices") ?? k.Int(p + "hStackManager.slicesPerAcq") ?? 1;
        var stack = stackEnable ?? (fastZ || numSlices > 1);
        basis.Append(stackEnable is null ? $"no {p}hStackManager.enable key: stack = {stack} (hFastZ.enable={fastZ}, slices={numSlices}); " : $"{p}hStackManager.enable={stack}; ");
        var average = Math.Max(1, k.Int(p + "hScan2D.logAverageFactor") ?? 1);
        var framesPerSliceRaw = k.Number(p + "hStackManager.framesPerSlice");
        var slices = stack ? Math.Max(1, numSlices) : 1;
        int flyback = 0;
        string? mode = null;
        if (stack)
        {
            mode = k.String(p + "hStackManager.stackMode") ?? (fastZ ? "fast" : "slow");
            var perVolume = k.Int(p + "hStackManager.numFramesPerVolume");
            var withFlyback = k.Int(p + "hStackManager.numFramesPerVolumeWithFlyback");
            if (perVolume is { } pv && withFlyback is { } wf && pv >= 1 && wf >= pv)
            {
                flyback = wf - pv;
                basis.Append($"numFramesPerVolumeWithFlyback={wf} - numFramesPerVolume={pv} -> {flyback} flyback frame(s) on disk; ");
            }
            else if (mode == "fast" && !(k.Bool(p + "hFastZ.discardFlybackFrames") ?? false))
            {
                flyback = Math.Max(0, k.Int(p + "hFastZ.numDiscardFlybackFrames") ?? 0);
                basis.Append($"hFastZ.numDiscardFlybackFrames={flyback} kept (discardFlybackFrames false); ");
            }
        }

        long framesPerSlice;
        if (framesPerSliceRaw is { } f && double.IsFinite(f) && f >= 1)
        {
            framesPerSlice = SavedFramesPerSlice(f, average);
            basis.Append($"framesPerSlice={f} / logAverageFactor={average} -> F={framesPerSlice}; ");
        }
        else
        {
            // Inf means "until stopped": the files' own frame count is the only measure.
            framesPerSlice = stack ? 1 : Math.Max(1, ifds / ((long)channels.Length * slices));
            basis.Append($"framesPerSlice={framesPerSliceRaw?.ToString(CultureInfo.InvariantCulture) ?? "absent"} -> F={framesPerSlice} from the IFD count; ");
        }

        var before = CountIfdsBefore(firstFrameNumber, channels.Length, basis);
        return new AcquisitionStructure(channels, slices, framesPerSlice, flyback, ifds, before, basis)
        {
            StackMode = stack ? mode : null,
            LogAverageFactor = average,
            VolumesInMetadata = k.Count(p + "hStackManager.actualNumVolumes") ?? k.Count(p + "hStackManager.numVolumes") ?? (fastZ ? k.Count(p + "hFastZ.numVolumes") : null),
            FramesPerFile = k.Number(p + "hScan2D.logFramesPerFile"),
        };
    }

    private static AcquisitionStructure FromLegacy(Keys k, int ifds, long? firstFrameNumber, string p, StringBuilder basis)
    {
        var channels = k.Channels(p + "channelsSave", basis);
        var slices = Math.Max(1, k.Int(p + "stackNumSlices") ?? 1);
        var fastZ = k.Bool(p + "fastZEnable") ?? false;
        var average = Math.Max(1, k.Int(p + "acqNumAveragedFramesSaved") ?? k.Int(p + "acqNumAveragedFrames") ?? 1);
        var frames = k.Number(p + "acqNumFrames");
        var framesPerSlice = frames is { } f && double.IsFinite(f) && f >= 1 ? SavedFramesPerSlice(f, average) : Math.Max(1, ifds / ((long)channels.Length * slices));
        var flyback = fastZ && !(k.Bool(p + "fastZDiscardFlybackFrames") ?? false) ? Math.Max(0, k.Int(p + "fastZNumDiscardFrames") ?? 0) : 0;
        basis.Append($"{p}stackNumSlices={slices}, acqNumFrames={frames?.ToString(CultureInfo.InvariantCulture) ?? "absent"} -> F={framesPerSlice}, flyback={flyback}; ");
        var before = CountIfdsBefore(firstFrameNumber, channels.Length, basis);
        return new AcquisitionStructure(channels, slices, framesPerSlice, flyback, ifds, before, basis)
        {
            StackMode = slices > 1 ? (fastZ ? "fast" : "slow") : null,
            LogAverageFactor = average,
        };
    }

    private static AcquisitionStructure FromSI3(Keys k, int ifds, StringBuilder basis)
    {
        var channels = new List<int>();
        for (var c = 1; c <= 4; c++)
        {
            if ((k.Number($"state.acq.savingChannel{c}") ?? 0) != 0)
            {
                channels.Add(c);
            }
        }

        if (channels.Count == 0)
        {
            channels.Add(1);
        }

        basis.Append($"savingChannel1..4 -> channels [{string.Join(", ", channels)}]; ");
        var slices = Math.Max(1, k.Int("state.acq.numberOfZSlices") ?? 1);
        var average = Math.Max(1, k.Int("state.acq.numAvgFramesSave") ?? 1);
        var frames = k.Number("state.acq.numberOfFrames");
        var framesPerSlice = frames is { } f && double.IsFinite(f) && f >= 1 ? SavedFramesPerSlice(f, average) : Math.Max(1, ifds / ((long)channels.Count * slices));
        basis.Append($"numberOfZSlices={slices}, numberOfFrames={frames?.ToString(CultureInfo.InvariantCulture) ?? "absent"} / numAvgFramesSave={average} -> F={framesPerSlice}; no flyback frames in SI 3.x");
        return new AcquisitionStructure([.. channels], slices, framesPerSlice, 0, ifds, 0, basis)
        {
            FramesPerFile = k.Number("state.acq.framesPerFile"),
            LogAverageFactor = average,
        };
    }

    /// <summary>Saved frames per slice, saturated to a long (a saturated count fails the per-volume check).</summary>
    private static long SavedFramesPerSlice(double frames, int average) => (long)Math.Max(1, Math.Min(frames / average, long.MaxValue / 2));

    private static long CountIfdsBefore(long? firstFrameNumber, int channels, StringBuilder basis)
    {
        if (firstFrameNumber is > MaxFramesBefore and { } huge)
        {
            basis.Append(CultureInfo.InvariantCulture, $"frameNumbers of IFD 0 = {huge} is beyond any acquisition: treated as absent; ");
            return 0;
        }

        if (firstFrameNumber is > 1 and { } n)
        {
            basis.Append($"frameNumbers of IFD 0 = {n}: {n - 1} frame(s) of this acquisition precede these files; ");
            return (n - 1) * channels;
        }

        return 0;
    }

    /// <summary>Typed look-ups that never throw on a value of an unexpected kind (channel lists that make no sense excepted).</summary>
    private readonly struct Keys(ScanImageMetadata metadata)
    {
        // ScanImage digitizers have at most a handful of channels; allow far more, but not garbage.
        private const int MaxChannel = 64;

        public MatlabValue? Value(string key) => metadata.Tree.TryGetValue(key, out var v) ? v : null;

        public double? Number(string key)
        {
            var v = Value(key);
            if (v is null)
            {
                return null;
            }

            if (v.Kind is MatlabValueKind.Number or MatlabValueKind.Logical)
            {
                return v.AsDouble();
            }

            return v.Kind == MatlabValueKind.Matrix && v.Rows * v.Columns == 1 ? v.AsDoubleArray()[0] : null;
        }

        public int? Int(string key) => Number(key) is { } d && double.IsFinite(d) && Math.Abs(d) < int.MaxValue ? (int)d : null;

        /// <summary>A count (0 or more); a negative or non-integral value is treated as absent.</summary>
        public int? Count(string key) => Number(key) is { } d && d >= 0 && d < int.MaxValue && d == Math.Floor(d) ? (int)d : null;

        public bool? Bool(string key) => Number(key) is { } d ? d != 0 : null;

        public string? String(string key) => Value(key) is { Kind: MatlabValueKind.String } v ? v.AsString() : null;

        public int[] Channels(string key, StringBuilder basis)
        {
            var v = Value(key);
            var values = v is { Kind: MatlabValueKind.Number or MatlabValueKind.Matrix } ? v.AsDoubleArray() : [];
            if (values.Any(d => !(d >= 1 && d <= MaxChannel && d == Math.Floor(d))) || values.Distinct().Count() != values.Length)
            {
                // Channel numbers index the IFDs of every frame: a wrong list would misplace every one of them.
                throw new InvalidDataException(
                    $"ScanImage metadata: {key} = [{string.Join(" ", values.Select(d => d.ToString(CultureInfo.InvariantCulture)))}] is not a list of distinct channel numbers from 1 to {MaxChannel}")
                {
                    Data = { [KeyData] = key },
                };
            }

            int[] channels = [.. values.Select(d => (int)d)];
            if (channels.Length == 0)
            {
                channels = [1];
                basis.Append($"no {key}: assuming one channel; ");
            }
            else
            {
                basis.Append($"{key} -> channels [{string.Join(", ", channels)}]; ");
            }

            return channels;
        }
    }
}
