using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScanImageTiff.Tests.ScanImage;

/// <summary>Compares an expected JSON value with an actual <see cref="JsonNode"/>: numbers by value, everything else exactly.</summary>
internal static class JsonAssert
{
    public static void Equal(string expectedJson, JsonNode? actual, string what = "value")
    {
        using var doc = JsonDocument.Parse(expectedJson);
        Equal(doc.RootElement, actual, what);
    }

    public static void Equal(JsonElement expected, JsonNode? actual, string what)
    {
        var actualElement = JsonSerializer.SerializeToElement(actual);
        Compare(expected, actualElement, what);
    }

    private static void Compare(JsonElement expected, JsonElement actual, string path)
    {
        var context = $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}";
        Assert.True(expected.ValueKind == actual.ValueKind, context);
        switch (expected.ValueKind)
        {
            case JsonValueKind.Number:
                Assert.True(expected.GetDouble() == actual.GetDouble(), context);
                break;
            case JsonValueKind.String:
                Assert.True(expected.GetString() == actual.GetString(), context);
                break;
            case JsonValueKind.Array:
                Assert.True(expected.GetArrayLength() == actual.GetArrayLength(), context);
                for (var i = 0; i < expected.GetArrayLength(); i++)
                {
                    Compare(expected[i], actual[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]");
                }

                break;
            case JsonValueKind.Object:
                var names = expected.EnumerateObject().Select(p => p.Name).ToList();
                Assert.True(names.SequenceEqual(actual.EnumerateObject().Select(p => p.Name)), context);
                foreach (var name in names)
                {
                    Compare(expected.GetProperty(name), actual.GetProperty(name), path + "." + name);
                }

                break;
        }
    }
}
