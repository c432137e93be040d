using System.IO.Hashing;
using BenchmarkDotNet.Attributes;
using ScanImageTiff.Acquisition;
using ScanImageTiff.Benchmarks.Inputs;
using ScanImageTiff.Benchmarks.Reporting;
using ScanImageTiff.Benchmarks.Support;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Benchmarks.Suites;

/// <summary>
/// XXH3-64 of a whole stack's pixels (what <c>sitiff data --checksum xxh3</c> prints), in process. Baseline: the
/// previous way, <see cref="SelectedFrames.WriteTo(Stream, IProgress{long}, CancellationToken)"/> into a running
/// <see cref="XxHash3"/> on the calling thread (reads overlap nothing, and the hash is one thread). Engine:
/// <see cref="SelectedFrames.ComputeXxHash3(IProgress{long}, CancellationToken)"/>, where workers read and sum XXH3's
/// 1 KiB blocks on every core and the calling thread chains the sums. Both give the same value (checked).
/// </summary>
[MemoryDiagnoser]
public class SelectionChecksum : IDescribesWorkload
{
    private ScanImageAcquisition? _acquisition;

    /// <summary>The input.</summary>
    [Params(InputKind.A1kBig, InputKind.C100kSmall)]
    public InputKind Input { get; set; }

    /// <summary>How the file is read: pread (what <c>sitiff</c> uses) or the mapping.</summary>
    [Params(ReadBackend.RandomAccess, ReadBackend.Mapped)]
    public ReadBackend Backend { get; set; }

    /// <inheritdoc/>
    public static Workload Describe(InputKind input) => new(InputCatalog.Get(input).Frames, InputCatalog.Get(input).PixelBytes);

    /// <summary>Opens the file and checks that both sides agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var input = InputFiles.Prepare(Input);
        _acquisition = ScanImageAcquisition.Open(input.Path, options: new ReaderOptions { Backend = Backend });
        SelfCheck.Equal($"{nameof(SelectionChecksum)} {Input} {Backend}", (long)WriteToRunningHash(), (long)ComputeXxHash3());
    }

    /// <summary>Closes the file.</summary>
    [GlobalCleanup]
    public void Cleanup() => _acquisition?.Dispose();

    /// <summary>Baseline: the selection written to a running XXH3 on this thread.</summary>
    [Benchmark(Baseline = true)]
    public ulong WriteToRunningHash()
    {
        var hash = new XxHash3();
        _acquisition!.Select().WriteTo(new HashingStream(hash));
        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>Engine: the parallel checksum.</summary>
    [Benchmark]
    public ulong ComputeXxHash3() => _acquisition!.Select().ComputeXxHash3();

    /// <summary>A write-only stream that appends to a running hash.</summary>
    private sealed class HashingStream(XxHash3 hash) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(ReadOnlySpan<byte> buffer) => hash.Append(buffer);

        public override void Write(byte[] buffer, int offset, int count) => hash.Append(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
