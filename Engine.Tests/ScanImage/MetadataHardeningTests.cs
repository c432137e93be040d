using System.Text;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Tests.ScanImage;

/// <summary>
/// Issue 15, rows F1–F3, F6, F7, W1 and W3: metadata values that once escaped as internal exceptions, killed
/// the process, allocated gigabytes or gave a silently wrong structure. Each input is the minimal one the fuzzer
/// found, written with the project's own writer.
/// </summary>
public sealed class MetadataHardeningTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sitiff-hard-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("2")]
    [InlineData("4294967296")]
    [InlineData("-1")]
    public void F1_an_mroiEnable_that_is_not_a_flag_means_no_rois_with_a_reason(string value)
    {
        var path = Write($"SI.VERSION_MAJOR = 2021\nSI.hChannels.channelSave = 1\nSI.hRoiManager.mroiEnable = {value}\n", RoiJson, 1);

        using var a = ScanImageAcquisition.Open(path);

        Assert.Empty(a.Rois);
        Assert.Contains($"mroiEnable = {value} is not a flag", a.RoiNote, StringComparison.Ordinal);
    }

    [Fact]
    public void F2_a_key_of_twenty_thousand_segments_is_kept_flat_past_the_depth_cap()
    {
        var key = "SI" + string.Concat(Enumerable.Repeat(".a", 20_000));

        var tree = MetadataTree.ParseMatlab(key + " = 1\nSI.b = 2\n");

        Assert.True(tree.TryGetValue(key, out var value));
        Assert.Equal(1, value.AsDouble());
        Assert.Equal(2, tree["SI.b"]!.AsDouble());
        Assert.Equal([key, "SI.b"], tree.Flatten().Select(kv => kv.Key));
        Assert.Equal(64, StructDepth(tree.Root));
    }

    [Fact]
    public void F2_json_nested_twenty_thousand_deep_is_malformed_not_a_stack_overflow()
    {
        var json = "{\"SI\":" + string.Concat(Enumerable.Repeat("{\"a\":", 20_000)) + "1" + new string('}', 20_001);

        var e = Assert.Throws<TiffFormatException>(() => MetadataTree.ParseJson(Encoding.ASCII.GetBytes(json)));

        Assert.Contains("depth", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void F2_through_the_file_a_deep_key_opens_and_reads()
    {
        var key = "SI" + string.Concat(Enumerable.Repeat(".a", 20_000));
        var path = Write($"SI.VERSION_MAJOR = 2021\n{key} = 1\n", "{}", 1);

        using var a = ScanImageAcquisition.Open(path);

        Assert.Equal(1, a.Metadata!.Get(key)!.AsDouble());
    }

    [Fact]
    public void F3_struct_array_indices_cannot_allocate_more_than_the_text_is_long()
    {
        var text = string.Concat(Enumerable.Range(0, 40).Select(k => $"SI.a{k}__65536.b = 1\n"));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var tree = MetadataTree.ParseMatlab(text);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // 1.2 GiB before the fix; the text is under 1 KB.
        Assert.True(allocated < 2_000_000, $"{allocated} bytes allocated");
        Assert.Equal(1, tree["SI.a0__65536.b"]!.AsDouble());
        Assert.Equal(40, tree.Count);
    }

    [Fact]
    public void F3_real_struct_arrays_still_index_and_gaps_are_empty_structs()
    {
        var tree = MetadataTree.ParseMatlab("SI.v__1.source = 'AI0'\nSI.v__3.source = 'AI2'\n");

        var array = tree["SI.v"]!;
        Assert.Equal(MatlabValueKind.StructArray, array.Kind);
        Assert.Equal(3, array.Items.Count);
        Assert.Empty(array.Items[1].Fields);
        Assert.Equal("AI2", tree["SI.v__3.source"]!.AsString());
        Assert.Equal(["SI.v__1.source", "SI.v__3.source"], tree.Flatten().Select(kv => kv.Key));
    }

    [Fact]
    public void Constructors_cannot_build_more_than_a_few_times_their_own_text()
    {
        // 1000 lines of zeros(1024,1024) would have been 8 GB of doubles from 30 KB of text.
        var text = string.Concat(Enumerable.Range(0, 1000).Select(k => $"SI.z{k} = zeros(1024,1024)\n")) + "SI.small = ones(4,4)\nSI.c = cell(1,2)\n";

        var before = GC.GetAllocatedBytesForCurrentThread();
        var tree = MetadataTree.ParseMatlab(text);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 16L * text.Length + 1_000_000, $"{allocated} bytes allocated for {text.Length} characters");
        Assert.Equal(MatlabValueKind.Unparsed, tree["SI.z0"]!.Kind);
        Assert.Equal("zeros(1024,1024)", tree["SI.z0"]!.AsString());
        Assert.Equal(16, tree["SI.small"]!.AsDoubleArray().Length);
        Assert.Equal(2, tree["SI.c"]!.Items.Count);
    }

    [Fact]
    public void F6_a_huge_first_frame_number_is_treated_as_absent()
    {
        var path = Write("SI.VERSION_MAJOR = 2021\nSI.hChannels.channelSave = [1 2 3]\nSI.hStackManager.enable = false\nSI.hStackManager.framesPerSlice = 2\n", "{}", 6,
            frame => $"frameNumbers = {(frame == 0 ? "4611686018427387904" : "1")}\n");

        using var a = ScanImageAcquisition.Open(path);
        var s = a.Structure!;

        Assert.Equal(0, s.IfdsBefore);
        Assert.Contains("4611686018427387904 is beyond any acquisition", s.Basis, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3, 1, 2, 3], Enumerable.Range(0, 6).Select(i => s.Locate(i).Channel));
        Assert.Equal([2, 5], s.Select(channel: 3));
        Assert.Equal(-1, s.IndexOf(int.MaxValue, 0, 0, 0));
        Assert.Equal(-1, s.IndexOf(int.MinValue, 0, 0, 0));
    }

    [Theory]
    [InlineData(65536, 65536)] // F7: the product overflowed to 0, then divided by it
    [InlineData(2, 2147483646)] // W1: the product overflowed to -4, IFD 0 was called flyback
    public void F7_W1_frame_counts_whose_product_no_file_can_hold_are_treated_as_absent(int slices, int framesPerSlice)
    {
        var path = Write(
            $"SI.VERSION_MAJOR = 2021\nSI.hChannels.channelSave = 1\nSI.hStackManager.enable = true\nSI.hStackManager.numSlices = {slices}\nSI.hStackManager.framesPerSlice = {framesPerSlice}\n",
            "{}",
            4);

        using var a = ScanImageAcquisition.Open(path);
        var s = a.Structure!;

        Assert.Contains("treated as absent", s.Basis, StringComparison.Ordinal);
        Assert.Equal(1, s.SlicesPerVolume);
        Assert.Equal(4, s.FramesPerVolumeOnDisk);
        Assert.All(Enumerable.Range(0, 4), i => Assert.False(s.Locate(i).IsFlyback));
        Assert.Equal([0, 1, 2, 3], s.Select());
    }

    [Fact]
    public void W3_every_flattened_key_is_found_even_when_a_json_key_contains_dots()
    {
        var tree = MetadataTree.ParseJson("""{"SI": {"a.b": 1, "c": {"d.e": [1, 2], "f": 3}, "g..h": 4, "i.": 5}}"""u8);

        var leaves = tree.Flatten().ToList();
        Assert.Equal(["SI.a.b", "SI.c.d.e", "SI.c.f", "SI.g..h", "SI.i."], leaves.Select(kv => kv.Key));
        Assert.All(leaves, kv => Assert.Same(kv.Value, tree[kv.Key]));
        Assert.Equal(1, tree["SI.a.b"]!.AsDouble());
        Assert.Equal([1.0, 2.0], tree["SI.c.d.e"]!.AsDoubleArray());
    }

    [Fact]
    public void W3_two_json_spellings_of_one_key_flatten_once_to_the_value_the_key_finds()
    {
        var tree = MetadataTree.ParseJson("""{"SI": {"a.b": 1, "a": {"b": 2}}}"""u8);

        var leaf = Assert.Single(tree.Flatten());
        Assert.Equal("SI.a.b", leaf.Key);
        Assert.Same(leaf.Value, tree[leaf.Key]);
    }

    internal const string RoiJson = """{"RoiGroups":{"imagingRoiGroup":{"name":"g","rois":{"name":"r","enable":1,"zs":0,"scanfields":{"pixelResolutionXY":[8,8],"enable":1}}}}}""";

    private static int StructDepth(MatlabValue root)
    {
        var depth = 0;
        for (var node = root; node.Kind == MatlabValueKind.Struct && node.Fields.Count > 0; node = node.Fields.Values.First())
        {
            depth++;
        }

        return depth;
    }

    private string Write(string section0, string section1, int frames, Func<int, string>? description = null)
    {
        var path = Path.Combine(_dir, $"f{Guid.NewGuid():N}_00001_00001.tif");
        using var w = TiffStackWriter.Create(path, TiffWriterOptions.ScanImage(Encoding.UTF8.GetBytes(section0), Encoding.UTF8.GetBytes(section1)));
        for (var f = 0; f < frames; f++)
        {
            w.AppendFrame<short>(new short[64], 8, 8, description?.Invoke(f) ?? $"frameNumbers = {f + 1}\n");
        }

        return path;
    }
}
