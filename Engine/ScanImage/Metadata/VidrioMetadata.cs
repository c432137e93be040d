using System.Text;

namespace ScanImageTiff.ScanImage;

/// <summary>
/// Reproduces what Vidrio's ScanImageTiffReader returns as "metadata" for a ScanImage 2016+ file, so tools
/// built on it can be switched over without changing their output.
/// </summary>
public static class VidrioMetadata
{
    /// <summary>
    /// Builds the bytes of Vidrio's C API <c>ScanImageTiffReader_GetMetadata</c> (and of its CLI
    /// <c>metadata</c> command, which adds a newline) from the two sections of the 2016+ header block.
    /// </summary>
    /// <param name="section0">Section 0 exactly as in the file: n0 bytes starting at offset 32, trailing NUL included.</param>
    /// <param name="section1">Section 1 exactly as in the file: n1 bytes starting at 32 + n0, trailing NUL included.</param>
    /// <returns>
    /// <list type="bullet">
    /// <item>n0 + n1 = 0: no bytes.</item>
    /// <item>n1 = 0: section 0 as is.</item>
    /// <item>Text form (first byte of the n0 + n1 block is not <c>{</c>): all n0 + n1 bytes with the byte at n0 − 1
    /// (section 0's NUL) replaced by <c>\n</c>, i.e. the settings text, a newline, the ROI JSON and its NUL.</item>
    /// <item>JSON form: <c>"{" + inner(a) + "," + inner(b) + "}"</c>, where a and b are the NUL-terminated strings
    /// starting at offsets 0 and n0 of the block, and inner(s) is Vidrio's <c>remove_enclosing_braces</c>:
    /// <c>s.substr(find('{') + 1, rfind('}') - 1)</c>. The count argument is <c>rfind - 1</c>, not
    /// <c>rfind - find - 1</c>, so text before the first brace shifts the cut past the last brace; this is
    /// reproduced, not fixed. No NUL is appended.</item>
    /// </list>
    /// The Python, MATLAB and Julia bindings decode this buffer only up to its first NUL, so they return the
    /// text form without the final NUL (see <see cref="ComposeString"/>).
    /// </returns>
    public static byte[] Compose(ReadOnlySpan<byte> section0, ReadOnlySpan<byte> section1)
    {
        var n0 = section0.Length;
        var total = n0 + section1.Length;
        if (total == 0)
        {
            return [];
        }

        var block = new byte[total];
        section0.CopyTo(block);
        section1.CopyTo(block.AsSpan(n0));
        if (section1.IsEmpty)
        {
            return block;
        }

        if (block[0] != (byte)'{')
        {
            if (n0 > 0)
            {
                block[n0 - 1] = (byte)'\n';
            }

            return block;
        }

        var a = RemoveEnclosingBraces(CString(block, 0));
        var b = RemoveEnclosingBraces(CString(block, n0));
        var result = new byte[a.Length + b.Length + 3];
        result[0] = (byte)'{';
        a.CopyTo(result.AsSpan(1));
        result[a.Length + 1] = (byte)',';
        b.CopyTo(result.AsSpan(a.Length + 2));
        result[^1] = (byte)'}';
        return result;
    }

    /// <summary>
    /// What the Python binding's <c>metadata()</c> returns (and MATLAB/Julia likewise): <see cref="Compose"/>
    /// cut at its first NUL and decoded as UTF-8 (invalid bytes become U+FFFD here; Python would raise).
    /// </summary>
    /// <param name="section0">Section 0 with its trailing NUL.</param>
    /// <param name="section1">Section 1 with its trailing NUL.</param>
    /// <returns>The metadata string.</returns>
    public static string ComposeString(ReadOnlySpan<byte> section0, ReadOnlySpan<byte> section1)
        => Encoding.UTF8.GetString(CString(Compose(section0, section1), 0));

    /// <summary>The bytes from <paramref name="start"/> up to the next NUL (or the end, where C would read on).</summary>
    private static ReadOnlySpan<byte> CString(byte[] block, int start)
    {
        var span = block.AsSpan(start);
        var nul = span.IndexOf((byte)0);
        return nul < 0 ? span : span[..nul];
    }

    /// <summary>
    /// Vidrio's <c>s.substr(b + 1, e - 1)</c> with <c>b = find('{')</c>, <c>e = rfind('}')</c> and C++
    /// <c>npos</c> arithmetic: a missing <c>{</c> starts at 0, a missing <c>}</c> (or one at index 0) keeps
    /// everything to the end, and the count is clamped to the string.
    /// </summary>
    private static ReadOnlySpan<byte> RemoveEnclosingBraces(ReadOnlySpan<byte> s)
    {
        var b = s.IndexOf((byte)'{');
        var e = s.LastIndexOf((byte)'}');
        var start = b < 0 ? 0 : b + 1;
        var available = s.Length - start;
        var count = e <= 0 ? available : Math.Min(e - 1, available);
        return s.Slice(start, count);
    }
}
