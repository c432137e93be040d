using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace ScanImageTiff.Memory;

/// <summary>
/// One read-only (copy-on-write) view of a file, with its pointer acquired once. Reference-counted:
/// readers and the <see cref="MappingCache"/> each hold a reference; the view is unmapped when the last is released.
/// </summary>
internal sealed unsafe class Mapping
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private int _references = 1;

    private Mapping(MemoryMappedFile file, MemoryMappedViewAccessor view, byte* pointer, long length)
    {
        _file = file;
        _view = view;
        Pointer = pointer;
        Length = length;
    }

    public byte* Pointer { get; }

    public long Length { get; }

    /// <summary>Maps [0, length) of the file; the caller owns the one reference it starts with.</summary>
    public static Mapping Create(SafeFileHandle handle, long length)
    {
        // Copy-on-write: a consumer that writes through memory it was given gets private pages
        // instead of a segfault on a read-only mapping; the file is never modified.
        // Capacity 0 (= the file's size now): a file that grew since `length` was read would make an
        // explicit capacity "smaller than the file size" and throw. Only the view, [0, length), is mapped.
        var file = MemoryMappedFile.CreateFromFile(handle, null, 0, MemoryMappedFileAccess.CopyOnWrite, HandleInheritability.None, leaveOpen: true);
        MemoryMappedViewAccessor? view = null;
        try
        {
            view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.CopyOnWrite);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            return new Mapping(file, view, pointer + view.PointerOffset, length);
        }
        catch
        {
            view?.Dispose();
            file.Dispose();
            throw;
        }
    }

    public void AddReference() => Interlocked.Increment(ref _references);

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file.Dispose();
        }
    }
}
