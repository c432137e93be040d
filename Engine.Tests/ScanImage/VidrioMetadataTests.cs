using System.Text;
using System.Text.Json;
using ScanImageTiff.ScanImage;

namespace ScanImageTiff.Tests.ScanImage;

public class VidrioMetadataTests
{
    private static byte[] Z(string text) => [.. Encoding.UTF8.GetBytes(text), 0];

    [Fact]
    public void Text_form_replaces_section0_NUL_with_a_newline_and_keeps_section1()
    {
        var s0 = Z("SI.a = 1\nSI.b = 'x'\n");
        var s1 = Z("{\n  \"RoiGroups\": {}\n}\n");

        var result = VidrioMetadata.Compose(s0, s1);

        Assert.Equal(s0.Length + s1.Length, result.Length);
        Assert.Equal((byte)'\n', result[s0.Length - 1]);
        Assert.Equal("SI.a = 1\nSI.b = 'x'\n\n{\n  \"RoiGroups\": {}\n}\n\0", Encoding.UTF8.GetString(result));
        Assert.Equal("SI.a = 1\nSI.b = 'x'\n\n{\n  \"RoiGroups\": {}\n}\n", VidrioMetadata.ComposeString(s0, s1));
    }

    [Fact]
    public void Json_form_merges_the_two_objects()
    {
        var s0 = Z("{\n  \"SI\": {\n    \"a\": 1\n  }\n}\n");
        var s1 = Z("{\n  \"RoiGroups\": {\"imagingRoiGroup\": null}\n}\n");

        var result = VidrioMetadata.Compose(s0, s1);

        var text = Encoding.UTF8.GetString(result);
        Assert.Equal("{\n  \"SI\": {\n    \"a\": 1\n  }\n,\n  \"RoiGroups\": {\"imagingRoiGroup\": null}\n}", text);
        using var doc = JsonDocument.Parse(result);
        Assert.Equal(["SI", "RoiGroups"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(text, VidrioMetadata.ComposeString(s0, s1));
    }

    [Fact]
    public void Json_form_reproduces_the_substr_count_quirk()
    {
        // remove_enclosing_braces("  {y} tail") = substr(find('{') + 1 = 3, rfind('}') - 1 = 3) = "y} ":
        // the count is rfind - 1, not rfind - find - 1, so text before the brace moves the cut past it.
        var result = VidrioMetadata.Compose(Z("{x}"), Z("  {y} tail"));

        Assert.Equal("{x,y} }", Encoding.UTF8.GetString(result));
    }

    [Fact]
    public void Json_form_is_chosen_by_the_very_first_byte_only()
    {
        var s0 = Z(" {\"SI\": 1}");
        var s1 = Z("{}");

        Assert.Equal(s0.Length + s1.Length, VidrioMetadata.Compose(s0, s1).Length);
    }

    [Fact]
    public void Json_form_edge_cases_follow_cpp_npos_arithmetic()
    {
        Assert.Equal("{abc,}", Encoding.UTF8.GetString(VidrioMetadata.Compose(Z("{abc"), Z("{}"))));
        Assert.Equal("{a,}bc}", Encoding.UTF8.GetString(VidrioMetadata.Compose(Z("{a}"), Z("}bc"))));
        Assert.Equal("{a,b}", Encoding.UTF8.GetString(VidrioMetadata.Compose(Z("{a}"), "{b}"u8)));
    }

    [Fact]
    public void Without_section1_section0_is_returned_unchanged()
    {
        var s0 = Z("SI.a = 1\n");

        Assert.Equal(s0, VidrioMetadata.Compose(s0, []));
        Assert.Equal(Z("{\"SI\":{}}"), VidrioMetadata.Compose(Z("{\"SI\":{}}"), []));
        Assert.Empty(VidrioMetadata.Compose([], []));
        Assert.Equal(string.Empty, VidrioMetadata.ComposeString([], []));
    }

    [Fact]
    public void An_empty_section0_decides_the_form_by_section1s_first_byte()
    {
        // Both C strings start at offset 0 when n0 is 0.
        Assert.Equal("{x,x}", Encoding.UTF8.GetString(VidrioMetadata.Compose([], Z("{x}"))));
        Assert.Equal(Z("abc"), VidrioMetadata.Compose([], Z("abc")));
    }
}
