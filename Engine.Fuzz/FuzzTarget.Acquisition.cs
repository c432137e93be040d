using System.Globalization;
using System.IO.Hashing;
using ScanImageTiff.Acquisition;
using ScanImageTiff.ScanImage;
using ScanImageTiff.Streaming;

namespace ScanImageTiff.Fuzz;

/// <summary>
/// The acquisition-level oracles: one file opened as a ScanImage acquisition, its checksums against a raw copy, its
/// streams, metadata tree, structure and ROIs, and the per-frame headers against the bulk columns.
/// </summary>
public static partial class FuzzTarget
{
    private static void DriveAcquisition(string path, ReaderOptions options, ref string? firstHeaders)
    {
        using var acquisition = ScanImageAcquisition.Open(path, options: options);
        var metadata = acquisition.Metadata;
        if (metadata is not null)
        {
            _ = metadata.Era;
            _ = metadata.Format;
            _ = metadata.Section0Text;
            _ = metadata.Section1Text;
            Check(() => Tree(metadata), allowInvalidOperation: false);
            Check(() => _ = metadata.Rois, allowInvalidOperation: false);
            Check(() => _ = metadata.GetVidrioMetadata(), allowInvalidOperation: false);
        }

        Check(() => Structure(acquisition), allowInvalidOperation: false);
        Check(() => _ = acquisition.Rois, allowInvalidOperation: false); // F1 escaped from here as InvalidOperationException
        Check(() => Rois(acquisition), allowInvalidOperation: true);
        Check(() => Checksum(acquisition), allowInvalidOperation: false);
        CompareHeaders(acquisition, ref firstHeaders);
    }

    /// <summary>
    /// The parallel XXH3 (forced on, with chunks and pieces cut small so blocks straddle them) must be the one-shot
    /// hash of the bytes ReadBytes gives; where ReadBytes refuses the file, the documented refusal is all that counts.
    /// </summary>
    private static void Checksum(ScanImageAcquisition acquisition)
    {
        var frames = acquisition.Select();
        var total = frames.GetByteCount();
        if (total > 32 << 20)
        {
            return;
        }

        var bytes = new byte[total];
        frames.ReadBytes(bytes);
        ulong parallel;
        try
        {
            parallel = frames.ComputeXxHash3(null, new SelectedFrames.HashPlan(2, 0, 8192, 3000, SerialWhenCold: false), CancellationToken.None);
        }
        catch (Exception e)
        {
            throw new FindingException("checksum", $"ReadBytes read the selection but ComputeXxHash3 threw {e.GetType().Name}: {e.Message}");
        }

        if (parallel != XxHash3.HashToUInt64(bytes))
        {
            throw new FindingException("checksum", $"ComputeXxHash3 {parallel:x16} differs from the one-shot XXH3 of ReadBytes' {total} bytes");
        }

        // Dropping the pages between frames (what a cold pass does first) is a cache hint: it never throws, whatever the
        // table holds, and the bytes read after it are the same.
        try
        {
            frames.ForgetPagesBetweenFrames();
        }
        catch (Exception e)
        {
            throw new FindingException("cold pass", $"ForgetPagesBetweenFrames threw {e.GetType().Name}: {e.Message}");
        }

        var again = new byte[total];
        frames.ReadBytes(again);
        if (!again.AsSpan().SequenceEqual(bytes))
        {
            throw new FindingException("cold pass", "ReadBytes gave other bytes after ForgetPagesBetweenFrames");
        }

        StreamedFrames(frames, bytes);
    }

    /// <summary>
    /// The untyped frame stream must hand out, frame after frame, the bytes ReadBytes gave, each with its own
    /// description (with pread, read with the pixels where it lies just before them).
    /// </summary>
    private static void StreamedFrames(SelectedFrames frames, byte[] bytes)
    {
        var at = 0;
        try
        {
            Drain(frames.StreamFrameBytes(new FrameStreamOptions { Depth = 2 }), frame =>
            {
                var pixels = frame.Pixels.Span;
                if (at + pixels.Length > bytes.Length || !pixels.SequenceEqual(bytes.AsSpan(at, pixels.Length)))
                {
                    throw new FindingException("stream", $"streamed frame {frame.Ordinal} (IFD {frame.IfdInFile}) differs from ReadBytes at byte {at}");
                }

                if (!frame.GetDescriptionBytes().Span.SequenceEqual(frame.Reader.GetDescriptionBytes(frame.IfdInFile)))
                {
                    throw new FindingException("stream", $"streamed frame {frame.Ordinal} (IFD {frame.IfdInFile}) carries another description than GetDescriptionBytes");
                }

                at += pixels.Length;
            });
        }
        catch (Exception e) when (e is not FindingException)
        {
            throw new FindingException("stream", $"ReadBytes read the selection but the frame stream threw {e.GetType().Name}: {e.Message}");
        }

        if (at != bytes.Length)
        {
            throw new FindingException("stream", $"the frame stream gave {at} bytes, ReadBytes {bytes.Length}");
        }
    }

    private static void Tree(ScanImageMetadata metadata)
    {
        var tree = metadata.Tree;
        foreach (var (key, value) in tree.Flatten())
        {
            if (!tree.TryGetValue(key, out var found) || !ReferenceEquals(found, value))
            {
                throw new FindingException("flatten", $"Flatten() yields '{Short(key)}' but TryGetValue does not find that value");
            }

            _ = value.ToJsonNode();
        }

        _ = tree.Root.ToJsonNode();
    }

    private static void Structure(ScanImageAcquisition acquisition)
    {
        if (acquisition.Structure is not { } s)
        {
            return;
        }

        if (s.FramesPerVolumeOnDisk < 1 || s.IfdsPerVolume < 1 || s.SlicesPerVolume < 1 || s.FramesPerSlice < 1)
        {
            throw new FindingException("structure", $"nonsense structure: {s.SlicesPerVolume} slices x {s.FramesPerSlice} frames + {s.FlybackFramesPerVolume} flyback, {s.IfdsPerVolume} IFDs per volume");
        }

        for (var i = 0; i < Math.Min(s.IfdCount, 64); i++)
        {
            var p = s.Locate(i);
            if (!p.IsFlyback && s.IndexOf(p.Volume, p.Slice, p.FrameInSlice, p.ChannelIndex) != i)
            {
                throw new FindingException("structure", $"IndexOf(Locate({i})) != {i}");
            }
        }

        _ = s.Select(includeFlyback: true);
        _ = s.Select(channel: s.Channels[0], slice: 0, volume: 0);
        _ = s.IndexOf(int.MaxValue, 0, 0, 0);
        _ = s.IndexOf(int.MinValue, 0, 0, 0);
        _ = s.VolumeOffset;
    }

    private static void Rois(ScanImageAcquisition acquisition)
    {
        var rois = acquisition.Rois;
        _ = acquisition.RoiNote;
        if (rois.Count == 0 || acquisition.FrameCount == 0 || acquisition.GetFrameInfo(0).PixelType != PixelType.Int16)
        {
            return;
        }

        for (var r = 0; r < rois.Count; r++)
        {
            _ = acquisition.GetRoiMemory<short>(0, r);
            _ = acquisition.ReadRoi<short>(r, [0]);
        }
    }

    private static void CompareHeaders(ScanImageAcquisition acquisition, ref string? firstHeaders)
    {
        // Descriptions read many at a time are each frame's own.
        foreach (var reader in acquisition.Files)
        {
            var n = Math.Min(reader.FrameCount, 200);
            var i = 0;
            foreach (var text in reader.EnumerateDescriptions(0, n))
            {
                if (text != reader.GetDescription(i))
                {
                    throw new FindingException("descriptions", $"frame {i}: EnumerateDescriptions and GetDescription disagree");
                }

                i++;
            }

            // CopyDescriptionBytes: the stored bytes back to back, as GetDescriptionBytes gives them one by one.
            var expected = new List<byte>();
            for (var f = 0; f < n; f++)
            {
                expected.AddRange(reader.GetDescriptionBytes(f));
            }

            var copy = new byte[reader.GetDescriptionByteCount(0, n)];
            if (copy.Length != expected.Count || reader.CopyDescriptionBytes(0, n, copy, out var written) != n || written != copy.Length
                || !copy.AsSpan().SequenceEqual(expected.ToArray()))
            {
                throw new FindingException("descriptions", "CopyDescriptionBytes differs from GetDescriptionBytes frame by frame");
            }
        }

        var columns = acquisition.ReadFrameHeaderColumns();
        for (var i = 0; i < Math.Min(acquisition.FrameCount, 64); i++)
        {
            FrameHeader header;
            try
            {
                header = acquisition.GetFrameHeader(i);
            }
            catch (InvalidDataException)
            {
                continue; // malformed JSON: the per-frame parse refuses what the columns skim
            }

            if ((header.FrameNumber ?? -1) != columns.FrameNumbers[i]
                || (header.AcquisitionNumber ?? -1) != columns.AcquisitionNumbers[i]
                || (header.FrameNumberAcquisition ?? -1) != columns.FrameNumberAcquisition[i]
                || !Same(header.FrameTimestamp, columns.FrameTimestamps[i])
                || !Same(header.AcqTriggerTimestamp, columns.AcqTriggerTimestamps[i])
                || !Same(header.NextFileMarkerTimestamp, columns.NextFileMarkerTimestamps[i])
                || (header.EndOfAcquisition ?? false) != columns.EndOfAcquisition[i]
                || ((header.EndOfAcquisitionMode ?? 0) != 0) != columns.EndOfAcquisitionMode[i])
            {
                throw new FindingException("headers", $"frame {i}: per-frame header and columns disagree (frameNumber {header.FrameNumber} vs {columns.FrameNumbers[i]})");
            }

            // The counters alone (what sitiff stream prints) are the full parse's.
            var (file, frame) = acquisition.Resolve(i);
            var counters = FrameHeader.ReadCounters(acquisition.Files[file].GetDescriptionBytes(frame));
            if (counters != new FrameHeaderCounters(header.FrameNumber, header.AcquisitionNumber, header.FrameNumberAcquisition, header.FrameTimestamp, header.AcqTriggerTimestamp, header.NextFileMarkerTimestamp, header.EndOfAcquisition, header.EndOfAcquisitionMode))
            {
                throw new FindingException("headers", $"frame {i}: ReadCounters and Parse disagree ({counters} vs frameNumber {header.FrameNumber})");
            }
        }

        // Both backends must read the same headers.
        var signature = string.Join(",", columns.FrameNumbers.Take(64)) + ";" + string.Join(",", columns.FrameTimestamps.Take(64).Select(t => t.ToString("R", CultureInfo.InvariantCulture)));
        if (firstHeaders is null)
        {
            firstHeaders = signature;
        }
        else if (firstHeaders != signature)
        {
            throw new FindingException("backends", "the mapped and random-access backends read different frame headers");
        }
    }

    private static bool Same(double? perFrame, double column) => perFrame is { } v ? v.Equals(column) : double.IsNaN(column);

    private static string Short(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
