using ScanImageTiff.Streaming;
using ScanImageTiff.Tests.Tiff;

namespace ScanImageTiff.Tests.Compression;

/// <summary>
/// Files recompressed by libtiff's tiffcp from an uncompressed source, in every codec, strip and tile layout,
/// byte order and header form the held-out set uses, must read back as exactly the source's samples through
/// every read path (frame, pooled, interval, stream, pread backend).
/// </summary>
public sealed class LibTiffCrossCheckTests
{
    private const int Width = 67;
    private const int Height = 45;
    private const int Frames = 3;

    public static TheoryData<string, string> Variants()
    {
        var data = new TheoryData<string, string>();
        string[] codecs = ["lzw", "lzw:2", "zip", "zip:2", "packbits", "zstd", "zstd:2", "lzma", "none"];
        string[] layouts = ["", "-r 5", "-t -w 16 -l 16", "-t -w 32 -l 32", "-8", "-B", "-8 -B -r 7", "-t -w 16 -l 16 -B -8"];
        foreach (var codec in codecs)
        {
            foreach (var layout in layouts)
            {
                data.Add(codec, layout);
            }
        }

        return data;
    }

    [LibTiffTheory]
    [MemberData(nameof(Variants))]
    public void Int16_stack_reads_exactly(string codec, string layout) =>
        Check(Samples<short>(i => (short)((i * 37 % 2000) - 1000 + (i % 7 == 0 ? 30000 : 0))), PixelType.Int16, 1, codec, layout);

    public static TheoryData<string, string> TypedVariants() => new()
    {
        { "uint8", "zip:2" }, { "uint8", "lzw -r 3" }, { "uint16", "zstd:2 -B" }, { "int32", "lzw:2 -t -w 16 -l 16" },
        { "float32", "zip:3" }, { "float32", "lzw:3 -B" }, { "float32", "zstd:3 -t -w 32 -l 32 -8" }, { "float64", "zip:3 -B -r 4" },
        { "float64", "lzw" }, { "uint64", "zip:2 -B" }, { "rgb", "zip:2 -p separate" }, { "rgb", "lzw -p separate -t -w 16 -l 16 -B" },
        { "rgb", "packbits -p contig -r 2" },
    };

    [LibTiffTheory]
    [MemberData(nameof(TypedVariants))]
    public void Other_sample_types_and_planes_read_exactly(string kind, string options)
    {
        var parts = options.Split(' ', 2);
        var (codec, layout) = (parts[0], parts.Length > 1 ? parts[1] : "");
        switch (kind)
        {
            case "uint8": Check(Samples<byte>(i => (byte)(i * 13 / 5)), PixelType.UInt8, 1, codec, layout); break;
            case "uint16": Check(Samples<ushort>(i => (ushort)(i * 1009)), PixelType.UInt16, 1, codec, layout); break;
            case "int32": Check(Samples<int>(i => (i * 100_003) - 7_000_000), PixelType.Int32, 1, codec, layout); break;
            case "uint64": Check(Samples<ulong>(i => (ulong)i * 0x1_0000_0001UL), PixelType.UInt64, 1, codec, layout); break;
            case "float32": Check(Samples<float>(i => MathF.Sin(i * 0.01f) * 1000), PixelType.Float32, 1, codec, layout); break;
            case "float64": Check(Samples<double>(i => Math.Cos(i * 0.003) * 1e6), PixelType.Float64, 1, codec, layout); break;
            default: Check(Samples<byte>(i => (byte)(i * 7 / 3), 3), PixelType.UInt8, 3, codec, layout); break;
        }
    }

    private static T[] Samples<T>(Func<int, T> f, int spp = 1) => [.. Enumerable.Range(0, Frames * Width * Height * spp).Select(f)];

    private static void Check<T>(T[] source, PixelType type, int spp, string codec, string layout)
        where T : unmanaged
    {
        using var uncompressed = new TempFile();
        using var compressed = new TempFile();
        using (var writer = TiffStackWriter.Create(uncompressed.Path, new TiffWriterOptions { BigTiff = false }))
        {
            var frame = Width * Height * spp;
            for (var f = 0; f < Frames; f++)
            {
                writer.AppendFrame<T>(source.AsSpan(f * frame, frame), Width, Height, $"frame {f}", spp);
            }
        }

        ExternalTools.Run("tiffcp", ["-c", codec, .. layout.Split(' ', StringSplitOptions.RemoveEmptyEntries), uncompressed.Path, compressed.Path]);
        foreach (var backend in new[] { ReadBackend.Mapped, ReadBackend.RandomAccess })
        {
            using var reader = ScanImageTiffReader.Open(compressed.Path, new ReaderOptions { Backend = backend, ShareMappings = false });
            Assert.Equal(Frames, reader.FrameCount);
            Assert.Equal(type, reader.GetStackShape().PixelType);
            Assert.Equal(source, reader.ReadFrames<T>(0, Frames));

            var one = new T[Width * Height * spp];
            reader.ReadFrame<T>(1, one);
            Assert.Equal(source.AsSpan(one.Length, one.Length).ToArray(), one);
            using var pooled = reader.ReadFramePooled<T>(2);
            Assert.Equal(source.AsSpan(2 * one.Length, one.Length).ToArray(), pooled.Span.ToArray());
            Assert.Equal(source.AsSpan(one.Length).ToArray(), reader.ReadSelection<T>(FrameSelection.Range(1, Frames)));
            if (codec != "none")
            {
                Assert.False(reader.TryGetFrameMemory<T>(0, out _));
            }

            var streamed = new List<T>();
            foreach (var frame in reader.StreamFrames<T>().ToBlockingEnumerable())
            {
                streamed.AddRange(frame.Pixels.ToArray());
            }

            Assert.Equal(source, streamed);
            Assert.Equal("frame 1", reader.GetDescription(1).TrimEnd());
        }
    }
}
