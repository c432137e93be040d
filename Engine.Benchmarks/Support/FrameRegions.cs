namespace ScanImageTiff.Benchmarks.Support;

/// <summary>
/// Where each frame's pixels are (<see cref="FrameInfo.DataOffset"/>, <see cref="FrameInfo.ByteCount"/>),
/// taken from the engine once in [GlobalSetup] so baselines spend no time finding frames: they measure
/// the cost of moving the bytes and nothing else.
/// </summary>
public sealed class FrameRegions
{
    private FrameRegions(long[] offsets, int[] byteCounts, long totalBytes)
    {
        Offsets = offsets;
        ByteCounts = byteCounts;
        TotalBytes = totalBytes;
    }

    /// <summary>File offset of each frame's pixels.</summary>
    public long[] Offsets { get; }

    /// <summary>Pixel bytes of each frame.</summary>
    public int[] ByteCounts { get; }

    /// <summary>Sum of <see cref="ByteCounts"/>.</summary>
    public long TotalBytes { get; }

    /// <summary>Number of frames.</summary>
    public int Count => Offsets.Length;

    /// <summary>Regions of frames [start, end); every frame must be one contiguous run.</summary>
    /// <param name="reader">An open reader.</param>
    /// <param name="start">First frame.</param>
    /// <param name="end">One past the last frame.</param>
    public static FrameRegions Of(ScanImageTiffReader reader, int start, int end)
    {
        var offsets = new long[end - start];
        var counts = new int[end - start];
        long total = 0;
        for (var i = start; i < end; i++)
        {
            var info = reader.GetFrameInfo(i);
            SelfCheck.True($"frame {i} of {reader.FilePath} is one contiguous run", info.IsContiguous);
            offsets[i - start] = info.DataOffset;
            counts[i - start] = checked((int)info.ByteCount);
            total += info.ByteCount;
        }

        return new FrameRegions(offsets, counts, total);
    }
}
