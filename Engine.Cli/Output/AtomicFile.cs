namespace ScanImageTiff.Cli.Output;

/// <summary>
/// Writes an output file under a temporary name in the same directory and renames it into place only
/// once it is complete, so an interrupted or failed export never leaves a truncated file that looks
/// finished (and never clobbers an existing good file). The temporary file is deleted on failure.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Runs <paramref name="write"/> on a temporary path, then moves it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            throw new CliUsageException($"{path}: directory {directory} does not exist");
        }

        if (Directory.Exists(full))
        {
            throw new CliUsageException($"{path} is a directory");
        }

        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Path.GetRandomFileName()}.partial");
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Like <see cref="Write(string, Action{string})"/> with a buffered stream over the temporary file.</summary>
    public static void WriteStream(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        Write(path, temp =>
        {
            using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
            write(stream);
            stream.Flush();
        });
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        WriteStream(path, s => s.Write(copy));
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original error is what the user needs to see.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
