using System.Text;
using ScanImageTiff.ScanImage;
using ScanImageTiff.Tests.Tiff;

namespace ScanImageTiff.Tests.Compression;

/// <summary>
/// The writer's compressed files, every codec × sample type × byte order × predictor: read back exactly by this
/// reader, equal to the uncompressed file in libtiff's tiffcmp, decoded by tifffile to the same array, and
/// keeping the ScanImage block and every description.
/// </summary>
public sealed class CompressedWriterTests
{
    private const int Width = 61;
    private const int Height = 37;

    public static TheoryData<TiffCompressionMethod, bool, PixelType, bool> Matrix()
    {
        var data = new TheoryData<TiffCompressionMethod, bool, PixelType, bool>();
        foreach (var method in new[] { TiffCompressionMethod.Lzw, TiffCompressionMethod.Deflate, TiffCompressionMethod.PackBits, TiffCompressionMethod.Zstd })
        {
            foreach (var type in Enum.GetValues<PixelType>())
            {
                foreach (var bigEndian in new[] { false, true })
                {
                    data.Add(method, false, type, bigEndian);
                    if (method != TiffCompressionMethod.PackBits)
                    {
                        data.Add(method, true, type, bigEndian);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Round_trips_through_the_reader(TiffCompressionMethod method, bool predictor, PixelType type, bool bigEndian)
    {
        var frames = Frames(type, 3);
        using var file = new TempFile();
        Write(file.Path, frames, type, new TiffWriterOptions { BigTiff = !bigEndian, ByteOrder = bigEndian ? TiffByteOrder.BigEndian : TiffByteOrder.LittleEndian, Compression = method, Predictor = predictor, RowsPerStrip = 8 });
        foreach (var backend in new[] { ReadBackend.Mapped, ReadBackend.RandomAccess })
        {
            using var reader = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = backend, ShareMappings = false });
            Assert.Equal(3, reader.FrameCount);
            var bytes = new byte[reader.GetByteCount(0, 3)];
            reader.ReadFramesLittleEndian(0, 3, bytes);
            Assert.True(bytes.AsSpan().SequenceEqual(Concat(frames)), $"{method} predictor={predictor} {type} bigEndian={bigEndian}");
            Assert.Equal("frame 2", reader.GetDescription(2));
        }
    }

    public static TheoryData<TiffCompressionMethod, bool, PixelType, bool> LibTiffMatrix()
    {
        var data = new TheoryData<TiffCompressionMethod, bool, PixelType, bool>();
        foreach (var method in new[] { TiffCompressionMethod.Lzw, TiffCompressionMethod.Deflate, TiffCompressionMethod.PackBits, TiffCompressionMethod.Zstd })
        {
            foreach (var type in new[] { PixelType.Int16, PixelType.UInt8, PixelType.Float32, PixelType.Float64, PixelType.UInt32 })
            {
                foreach (var bigEndian in new[] { false, true })
                {
                    // libtiff 4.5 writes big-endian floating-point-predicted data swapped (fpDiff after swab) but
                    // returns it unswapped on read (fpAcc with no swab), so its own tools misread such files; this
                    // reader reads tiffcp's (LibTiffCrossCheckTests) and its own the way they were written.
                    var predictor = method != TiffCompressionMethod.PackBits && type != PixelType.UInt8
                        && !(bigEndian && type is PixelType.Float32 or PixelType.Float64);
                    data.Add(method, predictor, type, bigEndian);
                }
            }
        }

        return data;
    }

    [LibTiffTheory]
    [MemberData(nameof(LibTiffMatrix))]
    public void LibTiff_decodes_the_same_pixels_as_the_uncompressed_file(TiffCompressionMethod method, bool predictor, PixelType type, bool bigEndian)
    {
        var frames = Frames(type, 2);
        using var plain = new TempFile();
        using var packed = new TempFile();
        var order = bigEndian ? TiffByteOrder.BigEndian : TiffByteOrder.LittleEndian;
        Write(plain.Path, frames, type, new TiffWriterOptions { BigTiff = false, ByteOrder = order, RowsPerStrip = 16 });
        Write(packed.Path, frames, type, new TiffWriterOptions { BigTiff = false, ByteOrder = order, Compression = method, Predictor = predictor, RowsPerStrip = 16 });

        // tiffcmp stops at the first differing tag (Compression itself, Orientation), so both files are first
        // rewritten uncompressed by libtiff (decoding the compressed one), then compared scanline by scanline:
        // it prints every difference, and only "Directory N:" headers when the files are equal.
        using var plainAgain = new TempFile();
        using var unpacked = new TempFile();
        ExternalTools.Run("tiffcp", "-c", "none", plain.Path, plainAgain.Path);
        ExternalTools.Run("tiffcp", "-c", "none", packed.Path, unpacked.Path);
        if (type.Size() < 8)
        {
            // tiffcmp refuses 64-bit samples ("Bit depth 64 is not supported"); the check below covers those.
            var differences = ExternalTools.Run("tiffcmp", plainAgain.Path, unpacked.Path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.All(differences, line => Assert.StartsWith("Directory ", line, StringComparison.Ordinal));
        }

        // What libtiff decoded and wrote uncompressed is exactly the source.
        using var reader = ScanImageTiffReader.Open(unpacked.Path);
        Assert.False(reader.GetFrameInfo(0).IsContiguous && reader.Table.LayoutOf(0).NeedsDecode);
        var bytes = new byte[reader.GetByteCount(0, 2)];
        reader.ReadFramesLittleEndian(0, 2, bytes);
        Assert.True(bytes.AsSpan().SequenceEqual(Concat(frames)));
        Assert.Contains($"Compression Scheme: {LibTiffName(method)}", ExternalTools.Run("tiffinfo", packed.Path), StringComparison.Ordinal);
    }

    [TifffileTheory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Tifffile_decodes_deflate_files_and_sees_the_ScanImage_block(bool predictor, bool scanImage)
    {
        var frames = Frames(PixelType.Int16, 3);
        using var file = new TempFile();
        var options = scanImage ? TiffWriterOptions.ScanImage("SI.VERSION_MAJOR = 2021\nSI.hChannels.channelSave = 1"u8.ToArray(), "{\"RoiGroups\": {}}"u8.ToArray()) : new TiffWriterOptions();
        Write(file.Path, frames, PixelType.Int16, options with { Compression = TiffCompressionMethod.Deflate, Predictor = predictor });
        var sums = ExternalTools.RunPython(
            "import sys, tifffile, numpy as np; t = tifffile.TiffFile(sys.argv[1]); a = t.asarray(); " +
            "print(a.shape, int(a.astype(np.int64).sum()), int((a.astype(np.int64) * np.arange(a.size).reshape(a.shape)).sum() % 1000000007), t.pages[0].description.strip())",
            file.Path).Trim();
        var all = Concat(frames);
        var samples = new long[all.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BitConverter.ToInt16(all, i * 2);
        }

        var weighted = samples.Select((v, i) => v * i).Aggregate(0L, (a, b) => (((a + b) % 1000000007) + 1000000007) % 1000000007);
        Assert.Equal($"(3, {Height}, {Width}) {samples.Sum()} {weighted} frame 0", sums);
        if (scanImage)
        {
            using var reader = ScanImageTiffReader.Open(file.Path);
            Assert.Equal(4, reader.ScanImageBlockVersion);
            Assert.Equal(ScanImageEra.SI2016Plus, ScanImageMetadata.Detect(reader)!.Era);
        }
    }

    private static string LibTiffName(TiffCompressionMethod method) => method switch
    {
        TiffCompressionMethod.Lzw => "LZW",
        TiffCompressionMethod.Deflate => "AdobeDeflate",
        TiffCompressionMethod.PackBits => "PackBits",
        _ => "ZSTD",
    };

    private static void Write(string path, byte[][] frames, PixelType type, TiffWriterOptions options)
    {
        using var writer = TiffStackWriter.Create(path, options);
        for (var f = 0; f < frames.Length; f++)
        {
            writer.AppendFrame(frames[f], type, Width, Height, $"frame {f}");
        }
    }

    private static byte[] Concat(byte[][] frames) => [.. frames.SelectMany(f => f)];

    /// <summary>Smooth images with noise and the type's extremes, native byte order.</summary>
    private static byte[][] Frames(PixelType type, int count)
    {
        var random = new Random((int)type * 31);
        var result = new byte[count][];
        for (var f = 0; f < count; f++)
        {
            var n = Width * Height;
            var values = new double[n];
            for (var i = 0; i < n; i++)
            {
                values[i] = (((i % Width) + (i / Width)) * 3.5) + random.Next(5) + (f * 11);
            }

            values[7] = double.MaxValue;
            values[8] = double.MinValue;
            result[f] = Encode(type, values);
        }

        return result;
    }

    private static byte[] Encode(PixelType type, double[] values)
    {
        var size = type.Size();
        var bytes = new byte[values.Length * size];
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            var span = bytes.AsSpan(i * size);
            switch (type)
            {
                case PixelType.UInt8: span[0] = (byte)Math.Clamp(v, 0, 255); break;
                case PixelType.Int8: span[0] = (byte)(sbyte)Math.Clamp(v, -128, 127); break;
                case PixelType.UInt16: BitConverter.TryWriteBytes(span, (ushort)Math.Clamp(v, 0, ushort.MaxValue)); break;
                case PixelType.Int16: BitConverter.TryWriteBytes(span, (short)Math.Clamp(v, short.MinValue, short.MaxValue)); break;
                case PixelType.UInt32: BitConverter.TryWriteBytes(span, (uint)Math.Clamp(v, 0, uint.MaxValue)); break;
                case PixelType.Int32: BitConverter.TryWriteBytes(span, (int)Math.Clamp(v, int.MinValue, int.MaxValue)); break;
                case PixelType.UInt64: BitConverter.TryWriteBytes(span, (ulong)Math.Clamp(v, 0, 1e19)); break;
                case PixelType.Int64: BitConverter.TryWriteBytes(span, (long)Math.Clamp(v, -9e18, 9e18)); break;
                case PixelType.Float32: BitConverter.TryWriteBytes(span, (float)Math.Clamp(v, -1e38, 1e38)); break;
                default: BitConverter.TryWriteBytes(span, v); break;
            }
        }

        return bytes;
    }
}
