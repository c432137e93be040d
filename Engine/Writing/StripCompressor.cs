using ScanImageTiff.Tiff.Compression;

namespace ScanImageTiff;

/// <summary>
/// The writer's compression step: applies the predictor to a copy of the frame, puts samples in the file's byte
/// order, and compresses strip by strip into one reused buffer. Strips of a large frame are compressed in
/// parallel, each worker with its own encoder.
/// </summary>
internal sealed class StripCompressor
{
    private const long ParallelFrameBytes = 256L << 10;

    private readonly TiffCompressionMethod _method;
    private readonly int _level;
    private readonly bool _predictor;
    private readonly bool _bigEndian;
    private byte[] _frame = [];
    private byte[] _output = [];
    private byte[] _row = [];
    private int[] _lengths = [];

    public StripCompressor(TiffWriterOptions options)
    {
        _method = options.Compression;
        _predictor = options.Predictor;
        _bigEndian = options.ByteOrder == TiffByteOrder.BigEndian;
        _level = options.CompressionLevel ?? (_method == TiffCompressionMethod.Zstd ? 3 : 6);
        if (_method == TiffCompressionMethod.Deflate && _level is < 0 or > 9)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _level, "Deflate levels are 0 to 9.");
        }

        if (_method == TiffCompressionMethod.Zstd && _level is < -7 or > 22)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _level, "Zstandard levels are -7 to 22.");
        }
    }

    /// <summary>Tag 317 value for samples of <paramref name="type"/>.</summary>
    public ushort PredictorFor(PixelType type) =>
        !_predictor ? TiffCompression.PredictorNone
            : type is PixelType.Float32 or PixelType.Float64 ? TiffCompression.PredictorFloatingPoint
            : TiffCompression.PredictorHorizontal;

    /// <summary>
    /// Compresses one frame (native-order samples) into strips of <paramref name="rowsPerStrip"/> rows; fills
    /// <paramref name="stripBytes"/> with each strip's size and returns all strips back to back (valid until the next call).
    /// </summary>
    public ReadOnlySpan<byte> Compress(ReadOnlySpan<byte> pixels, PixelType type, int width, int height, int spp, int rowsPerStrip, Span<long> stripBytes)
    {
        var size = type.Size();
        var rowBytes = width * spp * size;
        Prepare(pixels, type, width, height, spp, size);
        var strips = stripBytes.Length;
        var stripInput = rowsPerStrip * rowBytes;
        var bound = Encoder().MaxEncodedLength(stripInput, rowBytes);
        if (_output.Length < (long)bound * strips)
        {
            _output = GC.AllocateUninitializedArray<byte>(checked(bound * strips));
        }

        if (_lengths.Length < strips)
        {
            _lengths = new int[strips];
        }

        if (strips > 1 && pixels.Length >= ParallelFrameBytes && Environment.ProcessorCount > 1)
        {
            var total = pixels.Length;
            Parallel.For(0, strips, s => EncodeStrip(s, stripInput, total, rowBytes, bound));
        }
        else
        {
            for (var s = 0; s < strips; s++)
            {
                EncodeStrip(s, stripInput, pixels.Length, rowBytes, bound);
            }
        }

        // Close the gaps between the strips' worst-case slots so they are written with one call.
        var at = 0;
        for (var s = 0; s < strips; s++)
        {
            if (at != s * bound)
            {
                Buffer.BlockCopy(_output, s * bound, _output, at, _lengths[s]);
            }

            stripBytes[s] = _lengths[s];
            at += _lengths[s];
        }

        return _output.AsSpan(0, at);
    }

    private void EncodeStrip(int strip, int stripInput, int frameBytes, int rowBytes, int bound)
    {
        var start = strip * stripInput;
        var length = Math.Min(stripInput, frameBytes - start);
        _lengths[strip] = Encoder().Encode(_frame.AsSpan(start, length), rowBytes, _output.AsSpan(strip * bound, bound));
    }

    private void Prepare(ReadOnlySpan<byte> pixels, PixelType type, int width, int height, int spp, int size)
    {
        if (_frame.Length < pixels.Length)
        {
            _frame = GC.AllocateUninitializedArray<byte>(pixels.Length);
        }

        var frame = _frame.AsSpan(0, pixels.Length);
        pixels.CopyTo(frame);
        switch (PredictorFor(type))
        {
            case TiffCompression.PredictorHorizontal:
                HorizontalPredictor.Encode(frame, height, width, spp, size);
                Swap(frame, size);
                break;
            case TiffCompression.PredictorFloatingPoint:
                // As libtiff does: samples in the file's byte order first, then the regrouping by significance.
                Swap(frame, size);
                if (_row.Length < width * spp * size)
                {
                    _row = new byte[width * spp * size];
                }

                FloatingPointPredictor.Encode(frame, height, width, spp, size, _row);
                break;
            default:
                Swap(frame, size);
                break;
        }
    }

    private void Swap(Span<byte> frame, int size)
    {
        if (_bigEndian && size > 1)
        {
            Reading.FrameReader.SwapInPlace(frame, size);
        }
    }

    private IStripEncoder Encoder() => StripEncoders.For(_method, _level);
}
