using System.Buffers.Binary;

namespace ScanImageTiff.Tests.Streaming;

/// <summary>
/// Temp TIFFs whose pixels follow a formula the tests know independently of the reader:
/// sample i of frame f is <see cref="Expected"/>(f, i).
/// </summary>
internal sealed class StreamTestFile : IDisposable
{
    public StreamTestFile(string name = "stack.tif")
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sitiff-stream-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, name);
    }

    public string Directory { get; }

    public string Path { get; }

    public static short Expected(int frame, int i) => unchecked((short)((frame * 1009) + (i * 7) - 20000));

    public static short[] Pixels(int frame, int count)
    {
        var pixels = new short[count];
        for (var i = 0; i < count; i++)
        {
            pixels[i] = Expected(frame, i);
        }

        return pixels;
    }

    public static void AssertFrame(int frame, ReadOnlySpan<short> pixels, int count)
    {
        Assert.Equal(count, pixels.Length);
        for (var i = 0; i < count; i++)
        {
            if (pixels[i] != Expected(frame, i))
            {
                Assert.Fail($"frame {frame} sample {i}: expected {Expected(frame, i)}, got {pixels[i]}");
            }
        }
    }

    /// <summary>Writes <paramref name="frames"/> int16 frames of width × height; descriptions "frame=k".</summary>
    public static StreamTestFile Create(int frames, int width = 16, int height = 8, TiffWriterOptions? options = null, string name = "stack.tif")
    {
        var file = new StreamTestFile(name);
        Write(file.Path, frames, width, height, options);
        return file;
    }

    public static void Write(string path, int frames, int width, int height, TiffWriterOptions? options = null, int firstFrame = 0, Func<int, string>? description = null)
    {
        using var w = TiffStackWriter.Create(path, options);
        for (var f = firstFrame; f < firstFrame + frames; f++)
        {
            w.AppendFrame<short>(Pixels(f, width * height), width, height, description?.Invoke(f) ?? $"frame={f}\n");
        }
    }

    /// <summary>Rewrites IFD <paramref name="frame"/>'s Compression (tag 259) in a little-endian BigTIFF to JPEG (7), which is not decoded.</summary>
    public static void MakeCompressed(string path, long ifdOffset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        var head = new byte[8];
        stream.Position = ifdOffset;
        stream.ReadExactly(head);
        var count = (int)BinaryPrimitives.ReadUInt64LittleEndian(head);
        var entries = new byte[count * 20];
        stream.ReadExactly(entries);
        for (var e = 0; e < count; e++)
        {
            var entry = entries.AsSpan(e * 20, 20);
            if (BinaryPrimitives.ReadUInt16LittleEndian(entry) == 259)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(entry[12..], 7);
                stream.Position = ifdOffset + 8 + (e * 20);
                stream.Write(entry);
                return;
            }
        }

        throw new InvalidOperationException("no Compression tag");
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
