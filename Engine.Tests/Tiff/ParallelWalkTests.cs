using System.Globalization;
using System.Text;
using ScanImageTiff.Memory;
using ScanImageTiff.Tests.Support;
using ScanImageTiff.Tiff;

namespace ScanImageTiff.Tests.Tiff;

/// <summary>
/// The parallel first walk of a stack (walkers start at predicted IFDs and are joined only where the chain reaches
/// them) must give exactly what the serial walk gives: the same rows, layouts, damage and end, or the same
/// exception at the same offset and IFD. Each stack is built byte by byte with the fault in the stretch a walker
/// takes (the forced parallel walk cuts the file after IFD 3 into four stretches, so the third starts near frame
/// 48 of 96); the serial result is itself checked against an independent parse or the offset the fault was put at.
/// </summary>
public sealed class ParallelWalkTests
{
    private const int Frames = 96;

    // Enough that a walker's stretch outgrows the rows it rents at first (64 more than it expects).
    private const int ShrinkingFrames = 600;

    // In the third of the four stretches of the forced walk, and in the fourth.
    private const int InSegment2 = 58;
    private const int InSegment3 = 84;

    public static TheoryData<string, bool, bool> Shapes()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var shape in new[]
        {
            "regular", "descriptions vary", "irregular strides", "stride change", "stride shrinks", "jumps backwards", "back, then a loop", "loop in segment 2",
            "cut tail", "damaged in segments 2 and 3", "pointer past end in segment 2", "other layout in segment 2",
            "max frames", "copies of an IFD",
        })
        {
            foreach (var (big, be) in HandBuiltFileTests.Forms)
            {
                data.Add(shape, big, be);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_parallel_walk_gives_the_serial_walks_result(string shape, bool bigTiff, bool bigEndian)
    {
        var stack = Build(shape, bigTiff, bigEndian);
        using var file = new TempFile(stack.Bytes);
        foreach (var backend in HandBuiltFileTests.Backends)
        {
            var serial = Walk(file.Path, backend, IndexWalk.Serial, stack.MaxFrames);
            var parallel = Walk(file.Path, backend, IndexWalk.Parallel, stack.MaxFrames);
            Assert.Equal(serial.Text, parallel.Text);
            Assert.Equal(0, serial.Joined);
            Assert.Equal(stack.Expected, serial.Outcome);
            // The stretch walkers did the work: a test of the parallel path, not of the serial one twice.
            Assert.True(parallel.Joined >= stack.MinJoined, $"{backend}: only {parallel.Joined} IFDs came from walkers");
        }
    }

    [Fact]
    public void A_stack_too_small_to_be_worth_it_is_walked_serially_by_default()
    {
        var stack = Build("regular", bigTiff: true, bigEndian: false);
        using var file = new TempFile(stack.Bytes);
        using var r = ScanImageTiffReader.Open(file.Path);
        Assert.Equal(Frames, r.FrameCount);
        Assert.Equal(0, r.Indexer.JoinedIfds);
    }

    [Fact]
    public void A_refreshed_walk_of_a_growing_file_stays_serial()
    {
        var full = Build("regular", bigTiff: false, bigEndian: false).Bytes;
        var raw = new RawTiff(full);
        var offsets = raw.IfdOffsets();

        // The file up to IFD 8 with the chain ended at IFD 7: what a writer has linked so far.
        var head = full.AsSpan(0, (int)offsets[8]).ToArray();
        new TiffBuilder().Encode(head.AsSpan((int)raw.NextAt(offsets[7])), 4, 0);
        using var file = new TempFile(head);
        using var r = ScanImageTiffReader.Open(file.Path, new ReaderOptions { Backend = ReadBackend.RandomAccess, Walk = IndexWalk.Parallel });
        Assert.Equal(8, r.FrameCount);
        File.WriteAllBytes(file.Path, full);
        Assert.Equal(Frames, r.Refresh());
        Assert.Equal(0, r.Indexer.JoinedIfds);
        Assert.Equal(offsets, r.Table.IfdOffsets.ToArray());
    }

    public static TheoryData<string> CorpusFiles() => Corpus.FileNames();

    [CorpusTheory]
    [MemberData(nameof(CorpusFiles))]
    public void Corpus_files_walk_the_same_in_parallel(string name)
    {
        var path = Corpus.Path(name);
        var frames = (int)Corpus.Files[name]!["ifd_count"]!;
        foreach (var backend in HandBuiltFileTests.Backends)
        {
            var serial = Walk(path, backend, IndexWalk.Serial, int.MaxValue);
            var parallel = Walk(path, backend, IndexWalk.Parallel, int.MaxValue);
            Assert.Equal(serial.Text, parallel.Text);
            Assert.Equal($"{frames} frames", serial.Outcome);
        }
    }

    // MinJoined: IFDs the walkers must contribute (a third of the stack, or one stretch once a prediction is off).
    private sealed record Stack(byte[] Bytes, string Expected, int MinJoined = Frames / 3, int MaxFrames = int.MaxValue);

    private sealed record Result(string Text, string Outcome, int Joined);

    /// <summary>Everything the indexer's first walk leaves behind, as text: rows, layouts, damage, end; or the exception.</summary>
    private static Result Walk(string path, ReadBackend backend, IndexWalk walk, int maxFrames)
    {
        using var source = FileSource.Open(path, backend);
        Span<byte> head = stackalloc byte[16];
        var header = TiffHeader.Parse(source.GetSpan(0, (int)Math.Min(16, source.Length), head));
        var indexer = new IfdIndexer(source, header, maxFrames, walk);
        var t = indexer.Table;
        try
        {
            indexer.Run();
            var text = $"{Rows(t)}{indexer.Damage} {indexer.AtEnd} {indexer.Software} {indexer.Artist}";
            var outcome = indexer.Damage is { } d ? $"{t.Count} frames, damage at {d.FileOffset} in IFD {d.IfdIndex}" : $"{t.Count} frames";
            return new Result(text, outcome, indexer.JoinedIfds);
        }
        catch (TiffFormatException e)
        {
            // The rows before the error are compared too: the parallel walk must have stopped where the serial one did.
            var outcome = $"error at {e.FileOffset} in IFD {e.IfdIndex}";
            return new Result($"{outcome}: {e.Message}\n{Rows(t)}", outcome, indexer.JoinedIfds);
        }
        finally
        {
            t.Release();
        }
    }

    private static string Rows(FrameTable t)
    {
        var text = new StringBuilder();
        for (var i = 0; i < t.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{t.IfdOffsets[i]} {t.DataOffsets[i]} {t.StripFirst[i]} {t.LayoutIndex[i]} {t.DescriptionOffsets[i]} {t.DescriptionLengths[i]}\n");
        }

        foreach (var layout in t.Layouts)
        {
            text.Append(CultureInfo.InvariantCulture, $"{layout.Layout}\n");
        }

        return text.ToString();
    }

    private static Stack Build(string shape, bool bigTiff, bool bigEndian)
    {
        var b = new TiffBuilder(bigTiff, bigEndian);
        var stripType = bigTiff ? TiffBuilder.FieldType.Long8 : TiffBuilder.FieldType.Long;
        var random = new Random(1234);
        var ifds = new List<TiffBuilder.WrittenIfd>();
        var frames = shape == "stride shrinks" ? ShrinkingFrames : Frames;
        for (var i = 0; i < frames; i++)
        {
            var padding = shape switch
            {
                "irregular strides" => random.Next(0, 200) * 2,
                "stride change" => i < Frames / 2 ? 0 : 500,
                "stride shrinks" => i < 4 ? 600 : 0,
                _ => 0,
            };
            if (padding > 0)
            {
                b.Append(new byte[padding]);
            }

            if (shape == "copies of an IFD" && i is >= 44 and <= 52)
            {
                // Bytes between frames that are a copy of IFD 0, where a walker searches for its first IFD: a walker may
                // start there, but the chain never reaches it, so nothing of it may be joined.
                var first = ifds[0];
                b.Append(b.ToArray().AsSpan((int)first.Offset, (int)(first.NextAt + b.OffsetSize - first.Offset)), bigTiff ? 8 : 2);
            }

            var width = shape == "other layout in segment 2" && i == InSegment2 ? 6 : 4;
            var pixels = Samples.Pattern(PixelType.UInt16, width * 3, i);

            var at = b.AppendSampleBytes(pixels, 2);
            var description = shape == "descriptions vary" ? $"frame {i}" + new string('.', (i * 7) % 13) : $"frame {i:D3} of a regular stack";
            ifds.Add(b.WriteIfd(b.FrameIfd(width, pixels.Length / 2 / width, 16, [at], [pixels.Length], stripType: stripType).Ascii(TiffBuilder.Tag.ImageDescription, description)));
        }

        var intact = $"{frames} frames";
        switch (shape)
        {
            case "jumps backwards":
            {
                // Chain order 0..31, 64..95, 32..63: forward, a jump back over a stretch, forward again.
                b.PatchOffset(ifds[31].NextAt, (ulong)ifds[64].Offset);
                b.PatchOffset(ifds[95].NextAt, (ulong)ifds[32].Offset);
                b.PatchOffset(ifds[63].NextAt, 0);
                return new Stack(b.ToArray(), intact);
            }

            case "back, then a loop":
                // Chain order 0..20, 40..60, 21..39, 61..95, then back to 80: the walk has gone backwards when it reaches
                // the last stretch, so only a walk that keeps every IFD in its visited set sees the loop at 80.
                b.PatchOffset(ifds[20].NextAt, (ulong)ifds[40].Offset);
                b.PatchOffset(ifds[60].NextAt, (ulong)ifds[21].Offset);
                b.PatchOffset(ifds[39].NextAt, (ulong)ifds[61].Offset);
                b.PatchOffset(ifds[95].NextAt, (ulong)ifds[80].Offset);
                return new Stack(b.ToArray(), $"error at {ifds[80].Offset} in IFD {Frames}", MinJoined: 1);
            case "loop in segment 2":
                b.PatchOffset(ifds[InSegment2].NextAt, (ulong)ifds[InSegment2 - 6].Offset);
                return new Stack(b.ToArray(), $"error at {ifds[InSegment2 - 6].Offset} in IFD {InSegment2 + 1}");
            case "cut tail":
            {
                var bytes = b.ToArray().AsSpan(0, (int)ifds[Frames - 2].Offset + 10).ToArray();
                return new Stack(bytes, $"{Frames - 2} frames, damage at {ifds[Frames - 2].Offset} in IFD {Frames - 2}");
            }

            case "damaged in segments 2 and 3":
                // StripByteCounts too small for the rows: an error, and only the first in chain order is reported.
                b.PatchOffset(ifds[InSegment2].ValueAt(TiffBuilder.Tag.StripByteCounts), 5);
                b.PatchOffset(ifds[InSegment3].ValueAt(TiffBuilder.Tag.StripByteCounts), 5);
                return new Stack(b.ToArray(), $"error at {ifds[InSegment2].EntryAt(TiffBuilder.Tag.StripByteCounts)} in IFD {InSegment2}");
            case "pointer past end in segment 2":
            {
                var beyond = b.Length + 1000;
                b.PatchOffset(ifds[InSegment2].NextAt, (ulong)beyond);
                return new Stack(b.ToArray(), $"{InSegment2 + 1} frames, damage at {ifds[InSegment2].NextAt} in IFD {InSegment2 + 1}");
            }

            case "max frames":
                return new Stack(b.ToArray(), $"error at {ifds[80].Offset} in IFD 80", MaxFrames: 80);
            default:
                var file = b.ToArray();
                Assert.Equal(ifds.Select(w => w.Offset), new RawTiff(file).IfdOffsets());
                // The spacing seen in the first IFDs is wrong for the rest when it changes. Where it shrinks to a fifth,
                // each of the three walkers finds ~150 IFDs where it expected ~30 (and rented rows for ~100): only a walker
                // that rents more as it fills (up to four times what it expected plus 64) takes them all.
                return new Stack(file, intact, MinJoined: shape switch { "stride change" => 1, "stride shrinks" => 420, _ => Frames / 3 });
        }
    }
}
