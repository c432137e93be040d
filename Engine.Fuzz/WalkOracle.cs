using System.Globalization;
using System.Text;
using ScanImageTiff.Tiff;

namespace ScanImageTiff.Fuzz;

/// <summary>
/// The parallel IFD walk's oracle: on each backend, a walk forced parallel (walkers from the fourth IFD on, whatever
/// the file's size) must leave exactly what the serial walk leaves: the same frames (IFD and data offsets, shapes,
/// descriptions), damage and chain end, or the same exception at the same offset and IFD.
/// </summary>
internal static class WalkOracle
{
    /// <summary>Null when both walks agree on both backends.</summary>
    public static Finding? Check(string path)
    {
        foreach (var backend in (ReadBackend[])[ReadBackend.Mapped, ReadBackend.RandomAccess])
        {
            var serial = Walk(path, backend, IndexWalk.Serial);
            var parallel = Walk(path, backend, IndexWalk.Parallel);
            if (serial != parallel)
            {
                return new Finding("parallel walk", $"{backend}: the serial walk gives\n{Clip(serial)}\nthe parallel walk gives\n{Clip(parallel)}");
            }
        }

        return null;
    }

    private static string Walk(string path, ReadBackend backend, IndexWalk walk)
    {
        ScanImageTiffReader reader;
        try
        {
            reader = ScanImageTiffReader.Open(path, new ReaderOptions { Backend = backend, Walk = walk });
        }
        catch (TiffFormatException e)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{nameof(TiffFormatException)} at {e.FileOffset} in IFD {e.IfdIndex}: {e.Message}");
        }
        catch (Exception e) when (e is NotSupportedException or InvalidDataException)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }

        using (reader)
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"{reader.FrameCount} frames, damage {reader.Damage}, complete {reader.IsChainComplete}\n");
            var t = reader.Table;
            for (var i = 0; i < t.Count; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{t.IfdOffsets[i]} {t.DataOffsets[i]} {t.StripFirst[i]} {t.DescriptionOffsets[i]} {t.DescriptionLengths[i]} {t.LayoutOf(i).Layout}\n");
            }

            return text.ToString();
        }
    }

    private static string Clip(string text) => text.Length <= 2000 ? text : text[..2000] + " ...";
}
