using ZstdSharp;

namespace ScanImageTiff.Tiff.Compression;

/// <summary>Zstandard for the writer: one frame per strip, one reused context per instance (native library when present, else ZstdSharp).</summary>
internal sealed unsafe class ZstdEncoder : IStripEncoder, IDisposable
{
    private readonly int _level;
    private readonly nint _native;
    private readonly Compressor? _managed;

    public ZstdEncoder(int level)
    {
        _level = level;
        if (ZstdNative.IsAvailable)
        {
            _native = ZstdNative.CreateCCtx();
        }

        if (_native == 0)
        {
            _managed = new Compressor(level);
        }
    }

    ~ZstdEncoder() => Free();

    public int MaxEncodedLength(int sourceLength, int rowBytes) =>
        _managed is null ? checked((int)ZstdNative.CompressBound((nuint)sourceLength)) : Compressor.GetCompressBound(sourceLength);

    public int Encode(ReadOnlySpan<byte> source, int rowBytes, Span<byte> destination)
    {
        if (_managed is not null)
        {
            return _managed.Wrap(source, destination);
        }

        nuint result;
        fixed (byte* input = source)
        fixed (byte* output = destination)
        {
            result = ZstdNative.CompressCCtx(_native, output, (nuint)destination.Length, input, (nuint)source.Length, _level);
        }

        GC.KeepAlive(this);
        return ZstdNative.IsError(result) != 0
            ? throw new InvalidOperationException($"zstd compression failed: {ZstdNative.ErrorName(result)}")
            : (int)result;
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        _managed?.Dispose();
        if (_native != 0)
        {
            _ = ZstdNative.FreeCCtx(_native);
        }
    }
}
