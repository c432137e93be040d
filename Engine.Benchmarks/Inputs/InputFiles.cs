using System.Diagnostics;
using System.Globalization;

namespace ScanImageTiff.Benchmarks.Inputs;

/// <summary>
/// Writes the inputs with the project's own <see cref="TiffStackWriter"/> into
/// <see cref="InputCatalog.DataDirectory"/> (never the repository) and reuses a file when one with the
/// same name and the expected length is already there, so the 6 GB input is written once per machine.
/// </summary>
public static class InputFiles
{
    private const long Gibibyte = 1L << 30;

    /// <summary>Free space a large input must leave on its disk, so benchmarks never fill a shared machine.</summary>
    private const long RequiredFreeBytesForLargeInputs = 20 * Gibibyte;

    /// <summary>Makes sure the input exists and is in the page cache; returns it.</summary>
    /// <param name="kind">The input.</param>
    public static PreparedInput Prepare(InputKind kind)
    {
        var spec = InputCatalog.Get(kind);
        var directory = InputCatalog.DataDirectory;
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, spec.FileName);
        var pixels = new SyntheticPixels(spec.ElementsPerFrame);
        var expected = ExpectedLength(spec, pixels, directory);
        if (!File.Exists(path) || new FileInfo(path).Length != expected)
        {
            Write(spec, pixels, path, expected, directory);
        }

        WarmPageCache(path);
        return new PreparedInput(path, spec, pixels);
    }

    /// <summary>Options the writer gets for <paramref name="spec"/>.</summary>
    private static TiffWriterOptions Options(InputSpec spec) =>
        spec.ScanImageLayout
            ? TiffWriterOptions.ScanImage(ScanImageText.Section0(spec.Width, spec.Height), ScanImageText.Section1())
            : new TiffWriterOptions { BigTiff = spec.BigTiff, DescriptionLength = 2000 };

    /// <summary>
    /// The length the writer produces for <paramref name="spec"/>, found by writing 1- and 2-frame probes:
    /// every frame after the first has the same size (descriptions are padded to 2000 characters and
    /// frames end 8-byte aligned), so this needs no copy of the writer's layout rules.
    /// </summary>
    private static long ExpectedLength(InputSpec spec, SyntheticPixels pixels, string directory)
    {
        var probe = Path.Combine(directory, $".probe-{Environment.ProcessId}.tif");
        try
        {
            var one = WriteFrames(spec with { Frames = 1 }, pixels, probe, 1);
            var two = WriteFrames(spec with { Frames = 2 }, pixels, probe, 2);
            return two + ((spec.Frames - 2) * (two - one));
        }
        finally
        {
            File.Delete(probe);
        }
    }

    private static void Write(InputSpec spec, SyntheticPixels pixels, string path, long expected, string directory)
    {
        var free = new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;
        if (expected > 2 * Gibibyte && free - expected < RequiredFreeBytesForLargeInputs)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"Not writing {path} ({expected / (double)Gibibyte:F1} GiB): {directory} has {free / (double)Gibibyte:F1} GiB free and at least {RequiredFreeBytesForLargeInputs / Gibibyte} GiB must stay free. Point {InputCatalog.DataVariable} at a larger disk or leave this input out (--filter)."));
        }

        Console.WriteLine($"// sitiff-bench: writing {path} ({expected:N0} bytes) ...");
        var clock = Stopwatch.StartNew();
        var partial = path + ".partial";
        var length = WriteFrames(spec, pixels, partial, spec.Frames);
        if (length != expected)
        {
            File.Delete(partial);
            throw new InvalidOperationException($"{partial}: writer produced {length} bytes, probes predicted {expected}; the writer's layout is not periodic any more.");
        }

        File.Move(partial, path, overwrite: true);
        Console.WriteLine($"// sitiff-bench: wrote {path} in {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static long WriteFrames(InputSpec spec, SyntheticPixels pixels, string path, int frames)
    {
        var buffer = new short[spec.ElementsPerFrame];
        using var writer = TiffStackWriter.Create(path, Options(spec));
        for (var k = 0; k < frames; k++)
        {
            pixels.Fill(k, buffer);
            writer.AppendFrame<short>(buffer, spec.Width, spec.Height, ScanImageText.FrameHeader(k, frames));
        }

        writer.Flush();
        return writer.Length;
    }

    /// <summary>Reads the file once so every benchmark measures warm page cache, as the brief asks.</summary>
    private static void WarmPageCache(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new byte[4 << 20];
        long offset = 0;
        int n;
        while ((n = RandomAccess.Read(handle, buffer, offset)) > 0)
        {
            offset += n;
        }
    }
}
