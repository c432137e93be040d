using System.Text;
using System.Text.Json.Nodes;

namespace ScanImageTiff.Tests.Cli;

/// <summary>Issue 15, row C1: <c>sitiff metadata F --json</c> exited 3 for keys nested more than 64 deep.</summary>
public sealed class DeepMetadataTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(70)]
    [InlineData(20_000)]
    public void Metadata_json_writes_keys_at_any_depth_the_library_accepts(int segments)
    {
        var key = "SI" + string.Concat(Enumerable.Repeat(".a", segments));
        var section0 = $"SI.VERSION_MAJOR = 2021\n{key} = {{{{{{1 2}}}}}}\nSI.m = [1 2;3 4]\n";
        var path = Path.Combine(_dir.Path, "deep_00001_00001.tif");
        using (var w = TiffStackWriter.Create(path, TiffWriterOptions.ScanImage(Encoding.UTF8.GetBytes(section0), "{}"u8.ToArray())))
        {
            w.AppendFrame<short>(new short[16], 4, 4, "frameNumbers = 1\n");
        }

        var r = Sitiff.Run("metadata", path, "--json").Ok();

        var node = JsonNode.Parse(r.Out, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 1024 })!;
        Assert.Equal(2021, (double)node["SI"]!["VERSION_MAJOR"]!);
        var depth = 0;
        for (var n = node["SI"]; n is JsonObject o && o.ContainsKey("a"); n = o["a"])
        {
            depth++;
        }

        // 64 levels: SI, 62 nested "a", then the rest of the key as one flat name.
        Assert.Equal(62, depth);
    }
}
