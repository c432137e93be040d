using System.Diagnostics;
using System.Globalization;
using ScanImageTiff.Streaming;
using ScanImageTiff.Tiff.Compression;

namespace ScanImageTiff.Fuzz;

/// <summary>
/// Drives every public read API over one input file on both backends and applies the oracles: only
/// documented exceptions escape, allocation and time stay within the cost model, and the per-frame and bulk
/// frame-header parsers agree. Returns the first oracle the input failed, or null.
/// </summary>
/// <remarks>
/// Documented exceptions: <see cref="TiffFormatException"/> (malformed file), <see cref="NotSupportedException"/>
/// (valid but unsupported layout), <see cref="InvalidDataException"/> (malformed ScanImage metadata JSON or a
/// channel list that is not one), and <see cref="InvalidOperationException"/> only from the calls whose docs
/// list it for the file's content (frames of different shapes, a ROI that does not fit a frame).
/// </remarks>
public static partial class FuzzTarget
{
    /// <summary>The README's cost model: a file of at most 1 MB never makes the reader allocate more than this.</summary>
    public const long MaxAllocatedBytes = 64L << 20;

    // Per frame and backend: GetFrameMemory, ReadFramePooled, ReadFrame, then ReadFrames, ReadFramesLittleEndian, a selection,
    // and three streams (each frame once, a queue of Depth = 2 ahead): 9 copies, with one spare for a pool's growth.
    private const long DecodedCopiesPerFrame = 10;

    private const long LzmaExpansion = (1L << 21) / 10;

    [ThreadStatic]
    private static long t_expansion;

    [ThreadStatic]
    private static long t_length;

    [ThreadStatic]
    private static long t_allowance;

    /// <summary>The README's cost model: nor compute longer than this (in process CPU time; the harness allows 2x, then re-runs).</summary>
    public static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(1);

    private static readonly DeflateBackend s_deflate = DeflateBackends.Selected;
    private static readonly ReaderOptions s_mapped = new() { Backend = ReadBackend.Mapped };
    private static readonly ReaderOptions s_randomAccess = new() { Backend = ReadBackend.RandomAccess };

    /// <summary>
    /// CPU time of the whole process (all threads). Time is measured in CPU, not wall clock: a fuzzer run at low
    /// priority on a busy machine waits for a core far longer than it computes.
    /// </summary>
    public static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>Runs <paramref name="path"/> through every API; null when every oracle holds.</summary>
    public static Finding? Run(string path)
    {
        var length = File.Exists(path) ? new FileInfo(path).Length : 0;
        t_expansion = CompressedExpansion(path);
        t_length = length;
        t_allowance = 0;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var cpuBefore = CpuTime();
        string? firstHeaders = null;
        foreach (var options in (ReaderOptions[])[s_mapped, s_randomAccess])
        {
            // Deflate strips: the mapped pass inflates with the process's default backend, the random-access pass
            // with the managed decoder, so both are fuzzed (SITIFF_DEFLATE=managed makes both passes managed).
            DeflateBackends.Selected = options.Backend == ReadBackend.RandomAccess ? DeflateBackend.Managed : s_deflate;
            var finding = Guard(options.Backend + ": open", () => DriveReader(path, options), allowInvalidOperation: false)
                ?? Guard(options.Backend + ": acquisition", () => DriveAcquisition(path, options, ref firstHeaders), allowInvalidOperation: false);
            if (finding is not null)
            {
                return finding;
            }
        }

        Finding? walkFinding = null;
        if ((Guard("parallel walk", () => walkFinding = WalkOracle.Check(path), allowInvalidOperation: false) ?? walkFinding) is { } walk)
        {
            return walk;
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        var limit = (MaxAllocatedBytes * Math.Max(1, length >> 20)) + t_allowance;
        if (allocated > limit)
        {
            return new Finding("allocation", string.Create(CultureInfo.InvariantCulture, $"{allocated:N0} bytes allocated for a {length:N0}-byte file (limit {limit:N0})"));
        }

        var cpu = CpuTime() - cpuBefore;
        return cpu > 2 * MaxTime
            ? new Finding("time", string.Create(CultureInfo.InvariantCulture, $"{cpu.TotalMilliseconds:F0} ms of CPU for a {length:N0}-byte file"))
            : null;
    }

    /// <summary>
    /// The README's rule for compressed files: a decoded frame is at most the codec's maximum expansion of the file's
    /// bytes (by specification: PackBits 128 per 2 bytes, LZW 3839 bytes per 9-bit code, Deflate 1032:1, Zstandard
    /// 128 KiB per 4-byte block, LZMA2 2 MiB per 10-byte chunk), never its declared size alone. The largest ratio of the
    /// codecs the input's IFDs name (read by <see cref="TiffMap"/>, not by the reader), or 0 for an uncompressed input.
    /// </summary>
    private static long CompressedExpansion(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        if (TiffMap.TryBuild(File.ReadAllBytes(path)) is not { } map)
        {
            // Too damaged for the map to find its IFDs: the reader may still decode some, so judge by the loosest codec.
            return LzmaExpansion;
        }

        return map.Compressions.Select(c => c switch
        {
            32773 => 64L,
            5 => (4095 - 256) * 8 / 9,
            8 or 32946 => 1032L,
            50000 => 32768L,
            34925 => LzmaExpansion,
            _ => 0L,
        }).DefaultIfEmpty(0).Max();
    }

    /// <summary>
    /// A compressed frame may be as large as the rule allows, and each API call that returns it allocates it once:
    /// checks the rule and grants the allocation oracle that much for the per-frame and range calls of one backend.
    /// </summary>
    private static void AllowDecodedFrame(in FrameInfo info)
    {
        if (t_expansion == 0 || info.PixelType is null)
        {
            return;
        }

        if (info.ByteCount > t_expansion * t_length)
        {
            throw new FindingException("expansion", string.Create(CultureInfo.InvariantCulture, $"frame {info.Index} declares {info.ByteCount:N0} decoded bytes, more than {t_expansion} x the {t_length:N0}-byte file"));
        }

        t_allowance += DecodedCopiesPerFrame * info.ByteCount;
    }

    private static Finding? Guard(string api, Action work, bool allowInvalidOperation)
    {
        try
        {
            work();
            return null;
        }
        catch (Exception e) when (IsDocumented(e, allowInvalidOperation))
        {
            return null;
        }
        catch (FindingException f)
        {
            return new Finding(f.Kind, $"{api}: {f.Message}");
        }
        catch (Exception e)
        {
            return new Finding($"{e.GetType().Name} in {api}", $"{api}: {e}");
        }
    }

    private static bool IsDocumented(Exception e, bool allowInvalidOperation) => e switch
    {
        TiffFormatException or NotSupportedException or InvalidDataException => true,
        InvalidOperationException when allowInvalidOperation && e.GetType() == typeof(InvalidOperationException) => true,
        _ => false,
    };

    private static void DriveReader(string path, ReaderOptions options)
    {
        using var reader = ScanImageTiffReader.Open(path, options);
        _ = reader.IsUniform;
        _ = reader.Damage;
        _ = reader.IsChainComplete;
        _ = reader.ScanImageBlockVersion;
        for (var section = 0; section < 2 && reader.ScanImageBlockVersion is not null; section++)
        {
            _ = reader.GetScanImageSectionBytes(section);
        }

        Check(() => reader.GetStackShape(), allowInvalidOperation: true);
        var frames = Math.Min(reader.FrameCount, 64);
        for (var f = 0; f < frames; f++)
        {
            var info = reader.GetFrameInfo(f);
            AllowDecodedFrame(in info);
            _ = reader.GetDescription(f);
            _ = reader.GetDescriptionBytes(f);
            _ = reader.GetDescriptionByteCount(f);
            if (info.PixelType is { } type)
            {
                Check(() => WithType(type, new PerFrameAction(reader, f)), allowInvalidOperation: false);
            }
        }

        // Multi-frame reads over the run of frames that share frame 0's sample type.
        if (frames > 0 && reader.GetFrameInfo(0).PixelType is { } first)
        {
            var end = 1;
            while (end < frames && reader.GetFrameInfo(end).PixelType == first)
            {
                end++;
            }

            Check(() => WithType(first, new RangesAction(reader, end)), allowInvalidOperation: true);
        }

        _ = reader.Refresh();
    }

    private static void Check(Action work, bool allowInvalidOperation)
    {
        try
        {
            work();
        }
        catch (Exception e) when (IsDocumented(e, allowInvalidOperation))
        {
        }
    }

    /// <summary>Calls <paramref name="action"/> with the CLR type of <paramref name="type"/> (the reader demands an exact match).</summary>
    private static void WithType<TAction>(PixelType type, TAction action)
        where TAction : ITypedAction
    {
        switch (type)
        {
            case PixelType.UInt8:
                action.Run<byte>();
                break;
            case PixelType.Int8:
                action.Run<sbyte>();
                break;
            case PixelType.UInt16:
                action.Run<ushort>();
                break;
            case PixelType.Int16:
                action.Run<short>();
                break;
            case PixelType.UInt32:
                action.Run<uint>();
                break;
            case PixelType.Int32:
                action.Run<int>();
                break;
            case PixelType.Float32:
                action.Run<float>();
                break;
            case PixelType.Float64:
                action.Run<double>();
                break;
            case PixelType.UInt64:
                action.Run<ulong>();
                break;
            default:
                action.Run<long>();
                break;
        }
    }

    private static void PerFrame<T>(ScanImageTiffReader reader, int frame)
        where T : unmanaged
    {
        var info = reader.GetFrameInfo(frame);
        if (reader.TryGetFrameMemory<T>(frame, out var zeroCopy))
        {
            Sum(zeroCopy.Span);
        }

        Sum(reader.GetFrameMemory<T>(frame).Span);
        using (var pooled = reader.ReadFramePooled<T>(frame))
        {
            Sum(pooled.Span);
        }

        var destination = new T[info.ElementCount];
        reader.ReadFrame<T>(frame, destination);
    }

    private static void Ranges<T>(ScanImageTiffReader reader, int end)
        where T : unmanaged
    {
        _ = reader.GetElementCount(0, end);
        _ = reader.GetByteCount(0, end);
        Sum<T>(reader.ReadFrames<T>(0, end));
        using (var native = reader.ReadFramesNative<T>(0, end))
        {
            Sum(native.Span);
        }

        var bytes = new byte[reader.GetByteCount(0, end)];
        reader.ReadFramesLittleEndian(0, end, bytes);
        var selection = FrameSelection.Range(0, end, 2);
        Sum<T>(reader.ReadSelection<T>(selection));
        var options = new FrameStreamOptions { End = end, Depth = 2 };
        Drain(reader.StreamFrames<T>(options), f => Sum(f.Pixels.Span));
        Drain(reader.StreamPooledFrames<T>(options), f =>
        {
            Sum(f.Pixels.Span);
            f.Dispose();
        });
        Drain(reader.StreamBatches<T>(3, options), b => b.Dispose());
    }

    private static void Drain<TItem>(IAsyncEnumerable<TItem> items, Action<TItem> each)
    {
        var enumerator = items.GetAsyncEnumerator();
        try
        {
            while (enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                each(enumerator.Current);
            }
        }
        finally
        {
            enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static long Sum<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        // Touch every element so a bad pointer or length faults here, not later.
        long n = 0;
        foreach (var v in System.Runtime.InteropServices.MemoryMarshal.AsBytes(values))
        {
            n += v;
        }

        return n;
    }

    private interface ITypedAction
    {
        void Run<T>()
            where T : unmanaged;
    }

    private readonly struct PerFrameAction(ScanImageTiffReader reader, int frame) : ITypedAction
    {
        public void Run<T>()
            where T : unmanaged => PerFrame<T>(reader, frame);
    }

    private readonly struct RangesAction(ScanImageTiffReader reader, int end) : ITypedAction
    {
        public void Run<T>()
            where T : unmanaged => Ranges<T>(reader, end);
    }

    private sealed class FindingException(string kind, string message) : Exception(message)
    {
        public string Kind { get; } = kind;
    }
}
