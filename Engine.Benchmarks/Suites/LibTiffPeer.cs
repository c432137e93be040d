using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using LibTiff = BitMiracle.LibTiff.Classic.Tiff;
using ScanImageTiff.Benchmarks.Inputs;
using ScanImageTiff.Benchmarks.Reporting;
using ScanImageTiff.Benchmarks.Support;

namespace ScanImageTiff.Benchmarks.Suites;

/// <summary>
/// The engine against LibTiff.NET, the managed reader most .NET users would otherwise take, reading the
/// whole classic-TIFF (a) into one reused buffer. Each operation opens the file, as a user reading a
/// file does; for the engine that includes indexing every IFD, for LibTiff reading every directory.
/// The ENGINE is the baseline here, so Ratio says how many times slower LibTiff is. Goal: ratio ≥ 5.
/// </summary>
[MemoryDiagnoser]
public class LibTiffPeer : IDescribesWorkload
{
    private string _path = string.Empty;
    private byte[] _buffer = [];
    private int _frames;
    private int _frameBytes;
    private int _elementsPerFrame;

    /// <summary>The input (classic TIFF: what LibTiff's classic API is built for).</summary>
    [Params(InputKind.A1kClassic)]
    public InputKind Input { get; set; }

    /// <inheritdoc/>
    public static Workload Describe(InputKind input) => new(InputCatalog.Get(input).Frames, InputCatalog.Get(input).PixelBytes);

    /// <summary>Allocates the buffer and checks that all four readers produce the generator's content.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var input = InputFiles.Prepare(Input);
        _path = input.Path;
        _frames = input.Spec.Frames;
        _frameBytes = checked((int)input.Spec.FrameBytes);
        _elementsPerFrame = input.Spec.ElementsPerFrame;
        SelfCheck.True($"{nameof(LibTiffPeer)}: SetDirectory takes a short, so at most {short.MaxValue} frames", _frames <= short.MaxValue);
        _buffer = GC.AllocateUninitializedArray<byte>(checked(_frames * _frameBytes), pinned: true);

        var expectedSum = input.Pixels.Sum(0, _frames);
        var expectedChecksum = input.Pixels.FirstAndLastSum(0, _frames);
        foreach (var (name, read) in new (string, Func<long>)[]
        {
            (nameof(EngineReadFrames), EngineReadFrames),
            (nameof(EngineFrameByFrame), EngineFrameByFrame),
            (nameof(LibTiffSetDirectory), LibTiffSetDirectory),
            (nameof(LibTiffReadDirectory), LibTiffReadDirectory),
        })
        {
            _buffer.AsSpan().Clear();
            SelfCheck.Equal($"{nameof(LibTiffPeer)} {name}: checksum", expectedChecksum, read());
            SelfCheck.Equal($"{nameof(LibTiffPeer)} {name}: sum", expectedSum, PixelSum.Sum(Samples));
        }
    }

    private Span<short> Samples => MemoryMarshal.Cast<byte, short>(_buffer.AsSpan());

    /// <summary>Engine (baseline): open, index, <c>ReadFrames&lt;short&gt;(0, n, buffer)</c> (parallel for large reads).</summary>
    [Benchmark(Baseline = true)]
    public long EngineReadFrames()
    {
        using var reader = ScanImageTiffReader.Open(_path);
        reader.ReadFrames<short>(0, reader.FrameCount, Samples);
        return Checksum.FirstAndLast(Samples, _elementsPerFrame);
    }

    /// <summary>Engine, one thread: open, index, one <c>ReadFrame&lt;short&gt;</c> per frame (LibTiff's access pattern).</summary>
    [Benchmark]
    public long EngineFrameByFrame()
    {
        using var reader = ScanImageTiffReader.Open(_path);
        var samples = Samples;
        for (var i = 0; i < reader.FrameCount; i++)
        {
            reader.ReadFrame<short>(i, samples.Slice(i * _elementsPerFrame, _elementsPerFrame));
        }

        return Checksum.FirstAndLast(samples, _elementsPerFrame);
    }

    /// <summary>LibTiff.NET as its docs show it: <c>SetDirectory(i)</c> + <c>ReadEncodedStrip</c> per frame.</summary>
    /// <remarks>SetDirectory walks the chain from the first IFD each time, so this is quadratic in the frame count.</remarks>
    [Benchmark]
    [Target(MinRatio = 5)]
    public long LibTiffSetDirectory()
    {
        using var tiff = OpenLibTiff();
        for (var i = 0; i < _frames; i++)
        {
            if (!tiff.SetDirectory((short)i))
            {
                throw new InvalidOperationException($"LibTiff: SetDirectory({i}) failed");
            }

            ReadStrip(tiff, i);
        }

        return Checksum.FirstAndLast(Samples, _elementsPerFrame);
    }

    /// <summary>LibTiff.NET at its best: the first directory, then <c>ReadDirectory</c> to step to the next (linear).</summary>
    [Benchmark]
    [Target(MinRatio = 5)]
    public long LibTiffReadDirectory()
    {
        using var tiff = OpenLibTiff();
        var i = 0;
        do
        {
            ReadStrip(tiff, i++);
        }
        while (tiff.ReadDirectory());

        if (i != _frames)
        {
            throw new InvalidOperationException($"LibTiff: read {i} directories, expected {_frames}");
        }

        return Checksum.FirstAndLast(Samples, _elementsPerFrame);
    }

    // "c" turns strip chopping off: by default LibTiff splits a one-strip frame into ~8 KB pseudo-strips,
    // which only adds calls. Reading every strip keeps this correct either way.
    private LibTiff OpenLibTiff() =>
        LibTiff.Open(_path, "rc") ?? throw new InvalidOperationException($"LibTiff could not open {_path}");

    private void ReadStrip(LibTiff tiff, int frame)
    {
        var at = frame * _frameBytes;
        var end = at + _frameBytes;
        var strips = tiff.NumberOfStrips();
        for (var s = 0; s < strips; s++)
        {
            var n = tiff.ReadEncodedStrip(s, _buffer, at, end - at);
            if (n <= 0)
            {
                throw new InvalidOperationException($"LibTiff: strip {s} of directory {frame} failed");
            }

            at += n;
        }

        if (at != end)
        {
            throw new InvalidOperationException($"LibTiff: directory {frame} gave {_frameBytes - (end - at)} bytes, expected {_frameBytes}");
        }
    }
}
