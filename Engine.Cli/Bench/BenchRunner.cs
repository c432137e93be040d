using System.Diagnostics;
using System.Numerics;
using System.Text.Json.Nodes;
using ScanImageTiff.Cli.Output;
using ScanImageTiff.Cli.Pixels;

namespace ScanImageTiff.Cli.Bench;

/// <summary>
/// In-process timings of the engine on one file, each compared in the same run with what the hardware
/// does with no reader at all: a plain memcpy and a pointer sum over a MemoryMappedFile view of the
/// same file. Every operation runs once untimed (warm page cache, JIT), then <c>repeats</c> times; the
/// median is reported, with GB/s (10^9 bytes) and the ratio time ÷ baseline time (1.0 = as fast as memcpy).
/// </summary>
internal static unsafe class BenchRunner
{
    public static JsonObject Run(string path, int repeats, CliContext context)
    {
        using var reader = ScanImageTiffReader.Open(path);
        if (reader.Damage is { } damage)
        {
            throw new CliFileException($"{path}: damaged file: {damage}");
        }

        if (reader.FrameCount == 0)
        {
            throw new CliFileException($"{path}: no intact frames");
        }

        reader.GetByteCount(0, 1); // throws NotSupportedException naming the IFD and why
        var type = reader.GetFrameInfo(0).PixelType!.Value;
        for (var i = 1; i < reader.FrameCount; i++)
        {
            if (reader.GetFrameInfo(i).PixelType != type)
            {
                throw new CliFileException($"{path}: IFD {i} holds {reader.GetFrameInfo(i).Describe()} but IFD 0 holds {type.NumpyName()} samples; bench needs one sample type");
            }
        }

        return type switch
        {
            PixelType.UInt8 => Run<byte>(reader, repeats, context),
            PixelType.Int8 => Run<sbyte>(reader, repeats, context),
            PixelType.UInt16 => Run<ushort>(reader, repeats, context),
            PixelType.Int16 => Run<short>(reader, repeats, context),
            PixelType.UInt32 => Run<uint>(reader, repeats, context),
            PixelType.Int32 => Run<int>(reader, repeats, context),
            PixelType.UInt64 => Run<ulong>(reader, repeats, context),
            PixelType.Int64 => Run<long>(reader, repeats, context),
            PixelType.Float32 => Run<float>(reader, repeats, context),
            _ => Run<double>(reader, repeats, context),
        };
    }

    private static JsonObject Run<T>(ScanImageTiffReader reader, int repeats, CliContext context)
        where T : unmanaged, INumber<T>
    {
        var path = reader.FilePath;
        var n = reader.FrameCount;
        var bytes = reader.GetByteCount(0, n);
        var (a, b) = MiddleTenPercent(n);
        var intervalBytes = reader.GetByteCount(a, b);
        var progress = Progress.Start(context, "bench", 0);
        var token = context.Cancellation;
        var results = new List<Measurement>();
        double pixelSum = 0;
        double baselineSum = 0;
        var zeroCopyFrames = 0;

        // Each engine operation is timed alternately with its baseline (baseline, operation, baseline, ...)
        // so that load from other processes on a shared machine hits both alike and the ratio stays fair.
        void Time(string name, string label, long moved, Action action, Baseline? baseline = null)
        {
            action(); // untimed: page cache, JIT, first touch of reused buffers
            baseline?.Action();
            var seconds = new double[repeats];
            var baseSeconds = new double[repeats];
            for (var r = 0; r < repeats; r++)
            {
                token.ThrowIfCancellationRequested();
                progress?.Status($"{name} {r + 1}/{repeats}");
                if (baseline is not null)
                {
                    var b = Stopwatch.StartNew();
                    baseline.Action();
                    baseSeconds[r] = b.Elapsed.TotalSeconds;
                }

                var clock = Stopwatch.StartNew();
                action();
                seconds[r] = clock.Elapsed.TotalSeconds;
            }

            if (baseline is not null)
            {
                results.Add(new Measurement(baseline.Name, baseline.Label, baseSeconds, baseline.Bytes, null));
            }

            results.Add(new Measurement(name, label, seconds, moved, baseline?.Name));
        }

        using var mapped = new MappedView(path);
        var basePointer = mapped.Pointer;
        var mapLength = mapped.Length;
        try
        {
            using var reused = new NativeBuffer<T>(bytes / sizeof(T));
            var copyBytes = Math.Min(bytes, mapLength);
            var intervalOffset = Math.Max(0, reader.GetFrameInfo(a).DataOffset);
            var intervalCopy = Math.Min(intervalBytes, mapLength - intervalOffset);

            void MemcpyFresh(long offset, long count)
            {
                using var fresh = new NativeBuffer<byte>(count);
                Buffer.MemoryCopy(basePointer + offset, (void*)fresh.Pointer, count, count);
            }

            Time("open", "open + index every IFD", 0, () =>
            {
                using var r = ScanImageTiffReader.Open(path);
            });
            Time("readNative", "whole read into fresh memory (ReadFramesNative)", bytes, () =>
            {
                using var stack = reader.ReadFramesNative<T>(0, n);
            }, new Baseline("memcpyFresh", "baseline: memcpy from the mapping into fresh memory", copyBytes, () => MemcpyFresh(0, copyBytes)));
            Time("readReused", "whole read into a reused buffer (ReadFrames)", bytes, () => ReadInto(reader, reused),
                new Baseline("memcpy", "baseline: memcpy from the mapping into a reused buffer", copyBytes,
                    () => Buffer.MemoryCopy(basePointer, (void*)reused.Pointer, reused.ByteLength, copyBytes)));
            Time("zeroCopySum", "zero-copy pass summing every pixel (TryGetFrameMemory)", bytes, () =>
            {
                double total = 0;
                var viewed = 0;
                for (var i = 0; i < n; i++)
                {
                    if (reader.TryGetFrameMemory<T>(i, out var frame))
                    {
                        viewed++;
                        total += PixelMath.Sum(frame.Span);
                    }
                    else
                    {
                        using var copy = reader.ReadFramePooled<T>(i);
                        total += PixelMath.Sum<T>(copy.Span);
                    }
                }

                pixelSum = total;
                zeroCopyFrames = viewed;
            }, new Baseline("pointerSum", "baseline: sum over the mapping with a pointer", copyBytes,
                () => baselineSum = SumPointer<T>(basePointer, copyBytes / sizeof(T))));
            Time("interval", $"interval read, frames {a}..{b - 1} (ReadFramesNative)", intervalBytes, () =>
            {
                using var part = reader.ReadFramesNative<T>(a, b);
            }, new Baseline("memcpyInterval", "baseline: memcpy of the interval's bytes into fresh memory", intervalCopy, () => MemcpyFresh(intervalOffset, intervalCopy)));
        }
        finally
        {
            progress?.Done();
        }

        var byName = results.ToDictionary(m => m.Name);
        var measurements = new JsonObject();
        foreach (var m in results)
        {
            var baseline = m.Baseline is null ? null : byName[m.Baseline];
            var samples = new JsonArray();
            foreach (var s in m.Seconds)
            {
                samples.Add((JsonNode)s);
            }

            measurements[m.Name] = new JsonObject
            {
                ["label"] = m.Label,
                ["seconds"] = m.Median,
                ["bytes"] = m.Bytes,
                ["gbPerSecond"] = m.GigabytesPerSecond,
                ["baseline"] = m.Baseline,
                ["ratioToBaseline"] = baseline is null || baseline.Median <= 0 ? null : m.Median / baseline.Median,
                ["samples"] = samples,
            };
        }

        return new JsonObject
        {
            ["file"] = path,
            ["frames"] = n,
            ["bytes"] = bytes,
            ["dtype"] = PixelTypes.Of<T>()!.Value.NumpyName(),
            ["interval"] = new JsonArray(a, b),
            ["repeats"] = repeats,
            ["statistic"] = "median",
            ["ratio"] = "seconds / baseline seconds (1.0 = as fast as the baseline)",
            ["zeroCopyFrames"] = zeroCopyFrames,
            ["pixelSum"] = pixelSum,
            ["baselineSum"] = baselineSum,
            ["measurements"] = measurements,
        };
    }

    /// <summary>The middle 10 % of the frames (at least one).</summary>
    internal static (int Start, int End) MiddleTenPercent(int frames)
    {
        var length = Math.Max(1, frames / 10);
        var start = (frames - length) / 2;
        return (start, start + length);
    }

    private static void ReadInto<T>(ScanImageTiffReader reader, NativeBuffer<T> destination)
        where T : unmanaged
    {
        var n = reader.FrameCount;
        if (destination.Length <= int.MaxValue)
        {
            reader.ReadFrames<T>(0, n, destination.Span);
            return;
        }

        // A span holds at most 2^31 - 1 elements: fill the buffer in runs of frames below that.
        long at = 0;
        var start = 0;
        while (start < n)
        {
            var end = start;
            long elements = 0;
            while (end < n && elements + reader.GetFrameInfo(end).ElementCount <= 1 << 30)
            {
                elements += reader.GetFrameInfo(end).ElementCount;
                end++;
            }

            end = Math.Max(end, start + 1);
            elements = reader.GetElementCount(start, end);
            reader.ReadFrames<T>(start, end, destination.Slice(at, (int)elements));
            at += elements;
            start = end;
        }
    }

    private static double SumPointer<T>(byte* pointer, long count)
        where T : unmanaged, INumber<T>
    {
        double total = 0;
        for (long at = 0; at < count; at += 1 << 30)
        {
            var length = (int)Math.Min(1 << 30, count - at);
            total += PixelMath.Sum(new ReadOnlySpan<T>((T*)pointer + at, length));
        }

        return total;
    }

    private sealed record Baseline(string Name, string Label, long Bytes, Action Action);
}
