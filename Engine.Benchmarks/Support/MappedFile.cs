using System.IO.MemoryMappedFiles;

namespace ScanImageTiff.Benchmarks.Support;

/// <summary>
/// The baselines' own read-only mapping of a whole file, independent of the engine's: a view pointer
/// acquired once, as a hand-written reader would do it.
/// </summary>
public sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private bool _disposed;

    /// <summary>Maps <paramref name="path"/> read-only.</summary>
    /// <param name="path">The file.</param>
    public MappedFile(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Length = RandomAccess.GetLength(handle);
        _file = MemoryMappedFile.CreateFromFile(handle, null, Length, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        _view = _file.CreateViewAccessor(0, Length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        Pointer = pointer + _view.PointerOffset;
    }

    /// <summary>Byte 0 of the file.</summary>
    public byte* Pointer { get; }

    /// <summary>Mapped bytes.</summary>
    public long Length { get; }

    /// <summary>Unmaps.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
