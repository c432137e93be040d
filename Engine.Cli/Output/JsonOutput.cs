using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScanImageTiff.Cli.Output;

/// <summary>JSON as sitiff prints it: UTF-8 text without needless escapes (paths stay readable).</summary>
internal static class JsonOutput
{
    /// <summary>
    /// Deeper than anything the library returns: metadata keys nest at most 64 levels (deeper ones are kept
    /// flat), a value adds at most 64 cell levels and 2 matrix levels. The default (64) failed on such files.
    /// </summary>
    private const int MaxDepth = 256;

    public static JsonSerializerOptions Indented { get; } = new()
    {
        MaxDepth = MaxDepth,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static JsonSerializerOptions Compact { get; } = new()
    {
        MaxDepth = MaxDepth,
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="node"/> indented, then a newline.</summary>
    public static void WriteIndented(TextWriter writer, JsonNode? node) =>
        writer.WriteLine(node?.ToJsonString(Indented) ?? "null");

    /// <summary>Writes <paramref name="node"/> on one line (JSON Lines), then a newline.</summary>
    public static void WriteLine(TextWriter writer, JsonNode? node) =>
        writer.WriteLine(node?.ToJsonString(Compact) ?? "null");
}
