using System.IO.Hashing;
using BenchmarkDotNet.Attributes;
using Microsoft.Win32.SafeHandles;
using ScanImageTiff.Acquisition;
using ScanImageTiff.Benchmarks.Inputs;
using ScanImageTiff.Benchmarks.Reporting;
using ScanImageTiff.Benchmarks.Support;
using ScanImageTiff.Memory;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Benchmarks.Suites;

/// <summary>
/// The XXH3-64 of a stack whose pixels are not in the page cache, after the open has walked the IFD chain (what
/// <c>sitiff data F --checksum xxh3</c> does on a cold file, less the process start and the walk). Before each
/// iteration the file's pages are dropped (<c>POSIX_FADV_DONTNEED</c>, no root needed) and the file is opened again,
/// so the walk leaves its pages cached as it does for a user. Baseline: a careful hand-written pass, one pread per
/// frame in order into one buffer and a running <see cref="XxHash3"/>, on one thread. Engine:
/// <see cref="SelectedFrames.ComputeXxHash3(IProgress{long}, CancellationToken)"/>, which finds the pixels cold,
/// drops the pages the walk cached between frames and hashes in order on one thread. Not a baseline:
/// <see cref="ReadWholeFile"/>, the whole file read in order 1 MiB at a time with no page cached (<c>dd bs=1M</c> of a
/// cold file), the device's pace.
/// Linux only (elsewhere the drop is a no-op and every iteration is warm).
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class ColdChecksum : IDescribesWorkload
{
    // ReadWholeFile reads this much at a time, as dd bs=1M does.
    private const int WholeFilePiece = 1 << 20;

    private string _path = string.Empty;
    private FrameRegions? _regions;
    private ScanImageAcquisition? _acquisition;
    private SafeFileHandle? _handle;
    private byte[] _buffer = [];
    private ulong _expected;

    /// <summary>The input.</summary>
    [Params(InputKind.A1kBig)]
    public InputKind Input { get; set; }

    /// <inheritdoc/>
    public static Workload Describe(InputKind input) => new(InputCatalog.Get(input).Frames, InputCatalog.Get(input).PixelBytes);

    /// <summary>Prepares the input and checks that all three read what the file holds.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var input = InputFiles.Prepare(Input);
        _path = input.Path;
        using (var reader = ScanImageTiffReader.Open(_path, new ReaderOptions { Backend = ReadBackend.RandomAccess }))
        {
            _regions = FrameRegions.Of(reader, 0, reader.FrameCount);
        }

        _buffer = new byte[Math.Max(_regions.ByteCounts.Max(), WholeFilePiece)];
        using (var acquisition = ScanImageAcquisition.Open(_path, options: new ReaderOptions { Backend = ReadBackend.RandomAccess }))
        {
            var bytes = new byte[acquisition.Select().GetByteCount()];
            acquisition.Select().ReadBytes(bytes);
            _expected = XxHash3.HashToUInt64(bytes);
        }

        var what = $"{nameof(ColdChecksum)} {Input}";
        foreach (var (name, run) in new (string, Func<ulong>)[] { ("baseline", PreadPerFrame), ("engine", ComputeXxHash3) })
        {
            Cold();
            SelfCheck.Equal($"{what}: {name} hash", (long)_expected, (long)run());
            Close();
        }

        Cold();
        SelfCheck.Equal($"{what}: whole file bytes", new FileInfo(_path).Length, ReadWholeFile());
        Close();
    }

    /// <summary>Drops the file's pages, then opens it (the walk reads the IFDs back in).</summary>
    [IterationSetup]
    public void Cold()
    {
        using (var handle = File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            FileAdvice.AdviseDontNeed(handle, 0, RandomAccess.GetLength(handle));
        }

        _acquisition = ScanImageAcquisition.Open(_path, options: new ReaderOptions { Backend = ReadBackend.RandomAccess });
        _handle = File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
    }

    /// <summary>Closes what <see cref="Cold"/> opened.</summary>
    [IterationCleanup]
    public void Close()
    {
        _acquisition?.Dispose();
        _handle?.Dispose();
        _acquisition = null;
        _handle = null;
    }

    /// <summary>Baseline: one pread per frame, in order, into one buffer, hashed as it goes.</summary>
    [Benchmark(Baseline = true)]
    public ulong PreadPerFrame()
    {
        var regions = _regions!;
        var hash = new XxHash3();
        for (var i = 0; i < regions.Count; i++)
        {
            var frame = _buffer.AsSpan(0, regions.ByteCounts[i]);
            RandomAccess.Read(_handle!, frame, regions.Offsets[i]);
            hash.Append(frame);
        }

        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>Engine: the selection's checksum, which drops the walk's pages first.</summary>
    [Benchmark]
    public ulong ComputeXxHash3() => _acquisition!.Select().ComputeXxHash3();

    /// <summary>
    /// Not a baseline: every byte of the file in order, 1 MiB at a time, hashed with nothing, after dropping the pages
    /// the walk cached too (one call): what <c>dd bs=1M</c> of the cold file does, the device's pace.
    /// </summary>
    [Benchmark]
    public long ReadWholeFile()
    {
        FileAdvice.AdviseDontNeed(_handle!, 0, RandomAccess.GetLength(_handle!));
        var buffer = _buffer.AsSpan(0, WholeFilePiece);
        long total = 0;
        int n;
        while ((n = RandomAccess.Read(_handle!, buffer, total)) > 0)
        {
            total += n;
        }

        return total;
    }
}
