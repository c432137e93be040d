namespace ScanImageTiff.Tests.Tiff;

/// <summary>A uniquely named file under the temp directory, deleted on dispose.</summary>
internal sealed class TempFile : IDisposable
{
    /// <param name="contents">Written to the file when given.</param>
    /// <param name="directory">Where the file is made (default: the temp directory, which may be a tmpfs).</param>
    public TempFile(byte[]? contents = null, string? directory = null)
    {
        Path = System.IO.Path.Combine(directory ?? System.IO.Path.GetTempPath(), $"sitiff-tests-{Guid.NewGuid():N}.tif");
        if (contents is not null)
        {
            File.WriteAllBytes(Path, contents);
        }
    }

    public string Path { get; }

    public byte[] ReadAllBytes() => File.ReadAllBytes(Path);

    /// <summary>Cuts the file to <paramref name="length"/> bytes (only while no reader has it mapped).</summary>
    public void Truncate(long length)
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        stream.SetLength(length);
    }

    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp file must not fail a test.
        }
    }
}
