using System.Text;

namespace ScanImageTiff.Cli.Sample;

/// <summary>
/// The bundled sample (<c>samples/fastz_2ch_4z_5vol.tif</c>): a small ScanImage 2021-style FastZ
/// acquisition in ScanImage's on-disk layout. Channels 1 and 2 saved (interleaved per frame), a
/// sawtooth of 4 slices plus 2 flyback frames per volume that are still on disk (as real ScanImage
/// writes them although discardFlybackFrames is true), 5 volumes: 30 frames, 60 IFDs of 64 × 64 int16.
/// </summary>
/// <remarks>
/// The image is deterministic: a few cells (rational fall-off, no transcendental functions, so every
/// platform computes the same bits) whose brightness depends on channel, depth and volume, plus noise
/// from a seeded <see cref="SplitMix64"/>. Writing twice gives identical bytes.
/// </remarks>
internal static class SampleAcquisition
{
    public const int Size = 64;
    public const int Channels = 2;
    public const int Slices = 4;
    public const int FlybackFrames = 2;
    public const int FramesPerVolume = Slices + FlybackFrames;
    public const int Volumes = 5;
    public const int Frames = FramesPerVolume * Volumes;

    /// <summary>Seconds per frame: 64 lines × linePeriod + flyback, the value in section 0 before rounding.</summary>
    public const double FramePeriod = (64 * 4.14927e-05) + 0.001;

    private static readonly double[] s_sliceZ = [100, 105, 110, 115];

    // x, y, radius (px), z centre (um), brightness channel 1, brightness channel 2
    private static readonly (double X, double Y, double R, double Z, double Green, double Red)[] s_cells =
    [
        (14, 17, 4.0, 101, 900, 300),
        (44, 12, 3.5, 106, 1400, 120),
        (30, 33, 5.0, 110, 700, 650),
        (52, 40, 3.0, 114, 1600, 200),
        (18, 50, 4.5, 104, 1100, 500),
        (40, 54, 3.5, 117, 800, 90),
        (8, 34, 3.0, 112, 1250, 400),
    ];

    public static void Write(string path)
    {
        var options = TiffWriterOptions.ScanImage(
            Encoding.UTF8.GetBytes(SampleMetadata.Section0.ReplaceLineEndings("\n")),
            Encoding.UTF8.GetBytes(SampleMetadata.Section1.ReplaceLineEndings("\n")));
        var activity = Activity();
        var rng = new SplitMix64(20261125);
        var pixels = new short[Size * Size];
        using var writer = TiffStackWriter.Create(path, options);
        for (var frame = 0; frame < Frames; frame++)
        {
            var volume = frame / FramesPerVolume;
            var inVolume = frame % FramesPerVolume;
            var header = SampleMetadata.FrameHeader(frame + 1, frame * FramePeriod, frame == Frames - 1);
            for (var channel = 0; channel < Channels; channel++)
            {
                Render(pixels, channel, volume, inVolume, activity, ref rng);
                writer.AppendFrame<short>(pixels, Size, Size, header);
            }
        }
    }

    /// <summary>Per cell and volume, a calcium-like activity factor for channel 1 (channel 2 is structural).</summary>
    private static double[,] Activity()
    {
        var rng = new SplitMix64(7);
        var activity = new double[s_cells.Length, Volumes];
        for (var c = 0; c < s_cells.Length; c++)
        {
            var level = 1.0;
            for (var v = 0; v < Volumes; v++)
            {
                // Occasional transients decaying back to baseline.
                level = 1.0 + ((level - 1.0) * 0.5);
                if (rng.NextDouble() < 0.35)
                {
                    level += 0.8 + rng.NextDouble();
                }

                activity[c, v] = level;
            }
        }

        return activity;
    }

    private static void Render(short[] pixels, int channel, int volume, int inVolume, double[,] activity, ref SplitMix64 rng)
    {
        // Flyback frames image the focus on its way back up: between the last and the first slice, dimmer.
        double z;
        double gain;
        if (inVolume < Slices)
        {
            z = s_sliceZ[inVolume];
            gain = 1.0;
        }
        else
        {
            var f = (inVolume - Slices + 1) / (double)(FlybackFrames + 1);
            z = s_sliceZ[^1] + ((s_sliceZ[0] - s_sliceZ[^1]) * f);
            gain = 0.55;
        }

        var offset = channel == 0 ? -30.0 : -12.0;
        var noise = channel == 0 ? 9.0 : 6.0;
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                var signal = 0.0;
                for (var c = 0; c < s_cells.Length; c++)
                {
                    var cell = s_cells[c];
                    var dz = (z - cell.Z) / 4.0;
                    var depth = 1.0 / (1.0 + (dz * dz));
                    var dx = x - cell.X;
                    var dy = y - cell.Y;
                    var q = 1.0 + (((dx * dx) + (dy * dy)) / (cell.R * cell.R));
                    var brightness = channel == 0 ? cell.Green * activity[c, volume] : cell.Red;
                    signal += brightness * depth / (q * q);
                }

                var value = offset + (signal * gain) + (noise * rng.NextNormal());
                pixels[(y * Size) + x] = (short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue);
            }
        }
    }
}
