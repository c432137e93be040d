using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using ScanImageTiff.Tiff;

namespace ScanImageTiff;

/// <summary>
/// Writes TIFF/BigTIFF stacks (uncompressed, or compressed: <see cref="TiffWriterOptions.Compression"/>), one IFD per frame, optionally in ScanImage 2016+ layout
/// (see <see cref="TiffWriterOptions.ScanImage"/>). Frames are appended; each frame's IFD, description
/// and pixels are written before the previous IFD is linked to it, so a reader in another process
/// that follows the file never sees a linked frame whose bytes are not there yet.
/// </summary>
public sealed class TiffStackWriter : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly TiffWriterOptions _options;
    private readonly bool _big;
    private readonly bool _bigEndian;
    private readonly long _section0Offset;
    private readonly long _section0Length;
    private readonly long _section1Length;
    private readonly byte[] _sections = [];
    private readonly List<IfdEntry> _entries = new(24);
    private readonly IfdExtraWriter _extra = new();
    private readonly StripCompressor? _compressor;
    private readonly FileAppender _out;
    private long[] _stripBytes = [];
    private byte[] _block = new byte[8192];
    private long _end;
    private long _nextPointerPosition;
    private long _pendingIfd;
    private long _pendingNextPointer;
    private bool _disposed;

    private TiffStackWriter(string path, SafeFileHandle handle, TiffWriterOptions options, int writeBufferBytes)
    {
        FilePath = path;
        _handle = handle;
        _options = options;
        _big = options.BigTiff;
        _bigEndian = options.ByteOrder == TiffByteOrder.BigEndian;
        _nextPointerPosition = _big ? 8 : 4;
        _compressor = options.Compression == TiffCompressionMethod.None ? null : new StripCompressor(options);

        Span<byte> header = stackalloc byte[16];
        header.Clear();
        header[0] = header[1] = _bigEndian ? (byte)'M' : (byte)'I';
        PutU16(header[2..], (ushort)(_big ? 43 : 42));
        if (_big)
        {
            PutU16(header[4..], 8);
        }

        var headerSize = _big ? 16 : 8;
        RandomAccess.Write(_handle, header[..headerSize], 0);
        _end = headerSize;

        if (options.ScanImageSection0 is { } s0)
        {
            if (!_big || _bigEndian)
            {
                throw new ArgumentException("The ScanImage layout requires a little-endian BigTIFF file.", nameof(options));
            }

            var s1 = options.ScanImageSection1 ?? ReadOnlyMemory<byte>.Empty;
            _section0Offset = 32;
            _section0Length = s0.Length + 1;
            _section1Length = s1.Length + 1;
            var block = new byte[16 + _section0Length + _section1Length];
            BinaryPrimitives.WriteUInt32LittleEndian(block, ScanImageBlock.Magic);
            BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(4), (uint)options.ScanImageFormatVersion);
            BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(8), (uint)_section0Length);
            BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(12), (uint)_section1Length);
            s0.Span.CopyTo(block.AsSpan(16));
            s1.Span.CopyTo(block.AsSpan(16 + (int)_section0Length));
            RandomAccess.Write(_handle, block, 16);
            _end = 16 + block.Length;
            _sections = block[16..];
        }

        _out = new FileAppender(_handle, _end, writeBufferBytes);
    }

    /// <summary>The file being written.</summary>
    public string FilePath { get; }

    /// <summary>Frames written so far.</summary>
    public int FrameCount { get; private set; }

    /// <summary>Bytes written so far (the file's length once this frame is linked).</summary>
    public long Length => _end;

    /// <summary>Creates (or overwrites) a file. Other processes may open it for reading while it is written.</summary>
    /// <param name="path">The file to create.</param>
    /// <param name="options">Layout; plain little-endian BigTIFF when null.</param>
    public static TiffStackWriter Create(string path, TiffWriterOptions? options = null) => Create(path, options, 0);

    /// <summary>
    /// <see cref="Create(string, TiffWriterOptions?)"/> that collects frames in a buffer of <paramref name="writeBufferBytes"/>
    /// (0: none) written when full and at <see cref="Flush"/>: for exports that no reader follows while they are written.
    /// </summary>
    internal static TiffStackWriter Create(string path, TiffWriterOptions? options, int writeBufferBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new TiffWriterOptions();
        var handle = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            return new TiffStackWriter(path, handle, options, writeBufferBytes);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Appends one frame of samples of type <typeparamref name="T"/> (row-major, native byte order).</summary>
    /// <typeparam name="T">Sample type: byte, sbyte, short, ushort, int, uint, long, ulong, float or double.</typeparam>
    /// <param name="pixels">Width × Height × <paramref name="samplesPerPixel"/> samples.</param>
    /// <param name="width">Pixels per row.</param>
    /// <param name="height">Rows.</param>
    /// <param name="description">ImageDescription text (ScanImage: the frame header), or null for none.</param>
    /// <param name="samplesPerPixel">Samples per pixel (interleaved).</param>
    public void AppendFrame<T>(ReadOnlySpan<T> pixels, int width, int height, string? description = null, int samplesPerPixel = 1)
        where T : unmanaged
    {
        var type = PixelTypes.Of<T>() ?? throw new ArgumentException($"{typeof(T).Name} is not a sample type.", nameof(pixels));
        AppendFrame(MemoryMarshal.AsBytes(pixels), type, width, height, description, samplesPerPixel);
    }

    /// <summary>Appends one frame given as raw native-order sample bytes.</summary>
    /// <param name="pixelBytes">Width × Height × samples × sample size bytes.</param>
    /// <param name="type">Sample type.</param>
    /// <param name="width">Pixels per row.</param>
    /// <param name="height">Rows.</param>
    /// <param name="description">ImageDescription text, or null for none.</param>
    /// <param name="samplesPerPixel">Samples per pixel (interleaved).</param>
    public void AppendFrame(ReadOnlySpan<byte> pixelBytes, PixelType type, int width, int height, string? description = null, int samplesPerPixel = 1) =>
        AppendFrame(pixelBytes, type, width, height, FrameDescription.Of(description), samplesPerPixel);

    /// <summary><see cref="AppendFrame(ReadOnlySpan{byte}, PixelType, int, int, string?, int)"/> with the description as <see cref="FrameDescription"/>.</summary>
    internal void AppendFrame(ReadOnlySpan<byte> pixelBytes, PixelType type, int width, int height, FrameDescription description, int samplesPerPixel)
    {
        var bytes = FrameBytes(type, width, height, samplesPerPixel);
        if (pixelBytes.Length != bytes)
        {
            throw new ArgumentException($"a {width} x {height} x {samplesPerPixel} {type.NumpyName()} frame has {bytes} bytes, got {pixelBytes.Length}", nameof(pixelBytes));
        }

        if (_compressor is not null)
        {
            AppendCompressed(pixelBytes, type, width, height, description, samplesPerPixel);
            return;
        }

        var dataOffset = WriteIfd(type, width, height, samplesPerPixel, description, bytes);
        WritePixels(pixelBytes, type.Size(), dataOffset);
        Link();
    }

    private void AppendCompressed(ReadOnlySpan<byte> pixelBytes, PixelType type, int width, int height, FrameDescription description, int samplesPerPixel)
    {
        var rowsPerStrip = RowsPerStrip(height);
        var strips = (height + rowsPerStrip - 1) / rowsPerStrip;
        if (_stripBytes.Length < strips)
        {
            _stripBytes = new long[strips];
        }

        var counts = _stripBytes.AsSpan(0, strips);
        var data = _compressor!.Compress(pixelBytes, type, width, height, samplesPerPixel, rowsPerStrip, counts);
        var dataOffset = WriteIfd(type, width, height, samplesPerPixel, description, data.Length, counts);
        _out.Append(data, dataOffset);
        Link();
    }

    private int RowsPerStrip(int height) => _options.RowsPerStrip <= 0 ? height : Math.Min(_options.RowsPerStrip, height);

    /// <summary>Appends a frame whose pixel bytes are left as a hole (sparse), for building huge test files fast.</summary>
    internal void AppendSparseFrame(PixelType type, int width, int height, string? description = null)
    {
        var bytes = FrameBytes(type, width, height, 1);
        WriteIfd(type, width, height, 1, FrameDescription.Of(description), bytes);
        Link();
    }

    /// <summary>Makes sure everything appended is in the file and its length covers it (holes included).</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _out.Flush();
        if (RandomAccess.GetLength(_handle) < _end)
        {
            RandomAccess.SetLength(_handle, _end);
        }
    }

    /// <summary>Finishes and closes the file.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Flush();
        _disposed = true;
        _handle.Dispose();
    }

    private static long FrameBytes(PixelType type, int width, int height, int samplesPerPixel)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samplesPerPixel);
        return (long)width * height * samplesPerPixel * type.Size();
    }

    /// <summary>
    /// Writes the IFD of a frame whose <paramref name="frameBytes"/> of data follow it: uncompressed strips of
    /// whole rows, or (when <paramref name="compressedStrips"/> is given) compressed strips of those sizes back to back.
    /// </summary>
    private long WriteIfd(PixelType type, int width, int height, int spp, FrameDescription description, long frameBytes, ReadOnlySpan<long> compressedStrips = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var (bits, format) = type.ToTiff();
        var rowsPerStrip = RowsPerStrip(height);
        var strips = (height + rowsPerStrip - 1) / rowsPerStrip;
        var rowBytes = (long)width * spp * type.Size();
        var compressed = !compressedStrips.IsEmpty;
        var wideSize = width > ushort.MaxValue || height > ushort.MaxValue;
        var sizeType = wideSize ? TiffFieldType.Long : TiffFieldType.Short;
        var offsetType = _big ? TiffFieldType.Long8 : TiffFieldType.Long;

        _entries.Clear();
        _extra.Reset();
        _entries.Add(Scalar(TiffTag.ImageWidth, sizeType, width));
        _entries.Add(Scalar(TiffTag.ImageLength, sizeType, height));
        _entries.Add(Repeated(TiffTag.BitsPerSample, TiffFieldType.Short, spp, bits));
        _entries.Add(Scalar(TiffTag.Compression, TiffFieldType.Short, (long)_options.Compression));
        _entries.Add(Scalar(TiffTag.PhotometricInterpretation, TiffFieldType.Short, spp >= 3 ? 2 : 1));
        if (Description(description) is { } descriptionEntry)
        {
            _entries.Add(descriptionEntry);
        }

        var stripOffsetsIndex = _entries.Count;
        _entries.Add(default); // StripOffsets: filled once the data offset is known.
        _entries.Add(Scalar(TiffTag.Orientation, TiffFieldType.Short, 1));
        _entries.Add(Scalar(TiffTag.SamplesPerPixel, TiffFieldType.Short, spp));
        _entries.Add(Scalar(TiffTag.RowsPerStrip, sizeType, rowsPerStrip));
        var countsIndex = _entries.Count;
        _entries.Add(default);
        _entries.Add(Rational(TiffTag.XResolution));
        _entries.Add(Rational(TiffTag.YResolution));
        _entries.Add(Scalar(TiffTag.PlanarConfiguration, TiffFieldType.Short, 1));
        _entries.Add(Scalar(TiffTag.ResolutionUnit, TiffFieldType.Short, 2));
        if (_section0Length > 0)
        {
            _entries.Add(SectionEntry(TiffTag.Software, 0, _section0Length));
            _entries.Add(SectionEntry(TiffTag.Artist, _section0Length, _section1Length));
        }

        if (_compressor?.PredictorFor(type) is { } predictor && predictor != 1)
        {
            _entries.Add(Scalar(TiffTag.Predictor, TiffFieldType.Short, predictor));
        }

        _entries.Add(Repeated(TiffTag.SampleFormat, TiffFieldType.Short, spp, format));

        var entrySize = _big ? 20 : 12;
        var fieldSize = _big ? 8 : 4;
        var ifdOffset = Align(_end, _big ? 8 : 2);
        var ifdSize = (_big ? 8 : 2) + (_entries.Count * entrySize) + fieldSize;
        var stripArrayBytes = strips * fieldSize;
        long outOfLine = strips > 1 ? 2 * Align(stripArrayBytes, 2) : 0;
        foreach (var e in _entries)
        {
            outOfLine += e.ExtraLength > fieldSize ? Align(e.ExtraLength, 2) : 0;
        }

        var dataOffset = Align(ifdOffset + ifdSize + outOfLine, 8);
        if (!_big && dataOffset + frameBytes > uint.MaxValue)
        {
            throw new IOException($"{FilePath}: a classic TIFF cannot exceed 4 GiB; write BigTIFF (TiffWriterOptions.BigTiff).");
        }

        // Strip arrays (inline for one strip, out of line otherwise).
        if (strips == 1)
        {
            _entries[stripOffsetsIndex] = Scalar(TiffTag.StripOffsets, offsetType, dataOffset);
            _entries[countsIndex] = Scalar(TiffTag.StripByteCounts, offsetType, frameBytes);
        }
        else
        {
            var offsetsEntry = _extra.Reserve(TiffTag.StripOffsets, offsetType, strips, stripArrayBytes);
            var countsEntry = _extra.Reserve(TiffTag.StripByteCounts, offsetType, strips, stripArrayBytes);
            var offsets = _extra.Bytes(offsetsEntry);
            var counts = _extra.Bytes(countsEntry);
            var at = dataOffset;
            for (var s = 0; s < strips; s++)
            {
                var rows = Math.Min(rowsPerStrip, height - (s * rowsPerStrip));
                var count = compressed ? compressedStrips[s] : rows * rowBytes;
                PutOffset(offsets[(s * fieldSize)..], at);
                PutOffset(counts[(s * fieldSize)..], count);
                at += count;
            }

            _entries[stripOffsetsIndex] = offsetsEntry;
            _entries[countsIndex] = countsEntry;
        }

        var total = (int)(dataOffset - ifdOffset);
        if (_block.Length < total)
        {
            _block = new byte[Math.Max(total, _block.Length * 2)];
        }

        var block = _block.AsSpan(0, total);
        block.Clear();
        if (_big) PutU64(block, (ulong)_entries.Count);
        else PutU16(block, (ushort)_entries.Count);

        var extraAt = ifdSize;
        var pos = _big ? 8 : 2;
        foreach (var e in _entries)
        {
            var entry = block.Slice(pos, entrySize);
            PutU16(entry, e.Tag);
            PutU16(entry[2..], e.Type);
            if (_big) PutU64(entry[4..], (ulong)e.Count);
            else PutU32(entry[4..], (uint)e.Count);
            var field = entry[(_big ? 12 : 8)..];
            if (e.FixedOffset >= 0)
            {
                PutOffset(field, e.FixedOffset);
            }
            else if (e.ExtraStart < 0)
            {
                PutValue(field, e.Type, e.Value);
            }
            else
            {
                ReadOnlySpan<byte> data = _extra.Bytes(e);
                if (data.Length <= fieldSize)
                {
                    data.CopyTo(field);
                }
                else
                {
                    extraAt = (int)Align(extraAt, 2);
                    data.CopyTo(block[extraAt..]);
                    PutOffset(field, ifdOffset + extraAt);
                    extraAt += data.Length;
                }
            }

            pos += entrySize;
        }

        _out.Append(block, ifdOffset);
        _pendingIfd = ifdOffset;
        _pendingNextPointer = ifdOffset + ifdSize - fieldSize;
        _end = dataOffset + frameBytes;
        return dataOffset;
    }

    private void WritePixels(ReadOnlySpan<byte> pixels, int sampleSize, long offset)
    {
        if (!_bigEndian || sampleSize == 1)
        {
            _out.Append(pixels, offset);
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            while (!pixels.IsEmpty)
            {
                var n = Math.Min(pixels.Length, buffer.Length / 8 * 8);
                var chunk = buffer.AsSpan(0, n);
                pixels[..n].CopyTo(chunk);
                Reading.FrameReader.SwapInPlace(chunk, sampleSize);
                _out.Append(chunk, offset);
                pixels = pixels[n..];
                offset += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Link()
    {
        Span<byte> pointer = stackalloc byte[8];
        var size = _big ? 8 : 4;
        PutOffset(pointer, _pendingIfd);
        _out.Link(_nextPointerPosition, pointer[..size]);
        _nextPointerPosition = _pendingNextPointer;
        FrameCount++;
    }

    /// <summary>The ImageDescription entry: the text in UTF-8, padded with spaces to the options' length, then a NUL; null for none.</summary>
    private IfdEntry? Description(FrameDescription description)
    {
        var padTo = _options.DescriptionLength;
        if (description.IsNone && padTo <= 0)
        {
            return null;
        }

        var text = description.ByteCount;
        var length = Math.Max(text, padTo);
        var entry = _extra.Reserve(TiffTag.ImageDescription, TiffFieldType.Ascii, length + 1, length + 1);
        var bytes = _extra.Bytes(entry);
        description.CopyTo(bytes);
        bytes[text..length].Fill((byte)' ');
        bytes[length] = 0;
        return entry;
    }

    private static long Align(long value, int alignment) => (value + alignment - 1) / alignment * alignment;

    private static IfdEntry Scalar(ushort tag, ushort type, long value) => new(tag, type, 1, value, -1, 0, -1);

    private IfdEntry Repeated(ushort tag, ushort type, int count, long value)
    {
        if (count == 1)
        {
            return Scalar(tag, type, value);
        }

        var entry = _extra.Reserve(tag, type, count, count * 2);
        var data = _extra.Bytes(entry);
        for (var i = 0; i < count; i++)
        {
            PutU16(data[(i * 2)..], (ushort)value);
        }

        return entry;
    }

    /// <summary>
    /// Software/Artist pointing into the ScanImage block. TIFF keeps a value that fits the 8-byte field inside
    /// the entry, so a tiny section (an empty ROI group is just its NUL) is stored there, not referenced.
    /// </summary>
    private IfdEntry SectionEntry(ushort tag, long start, long length) =>
        length <= 8
            ? _extra.Add(tag, TiffFieldType.Ascii, length, _sections.AsSpan((int)start, (int)length))
            : new IfdEntry(tag, TiffFieldType.Ascii, length, 0, -1, 0, _section0Offset + start);

    private IfdEntry Rational(ushort tag)
    {
        Span<byte> data = stackalloc byte[8];
        PutU32(data, 72);
        PutU32(data[4..], 1);
        return _extra.Add(tag, TiffFieldType.Rational, 1, data);
    }

    private void PutValue(Span<byte> field, ushort type, long value)
    {
        switch (type)
        {
            case TiffFieldType.Short: PutU16(field, (ushort)value); break;
            case TiffFieldType.Long: PutU32(field, (uint)value); break;
            default: PutU64(field, (ulong)value); break;
        }
    }

    private void PutOffset(Span<byte> field, long value)
    {
        if (_big) PutU64(field, (ulong)value);
        else PutU32(field, (uint)value);
    }

    private void PutU16(Span<byte> b, ushort v)
    {
        if (_bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, v);
        else BinaryPrimitives.WriteUInt16LittleEndian(b, v);
    }

    private void PutU32(Span<byte> b, uint v)
    {
        if (_bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, v);
        else BinaryPrimitives.WriteUInt32LittleEndian(b, v);
    }

    private void PutU64(Span<byte> b, ulong v)
    {
        if (_bigEndian) BinaryPrimitives.WriteUInt64BigEndian(b, v);
        else BinaryPrimitives.WriteUInt64LittleEndian(b, v);
    }
}
