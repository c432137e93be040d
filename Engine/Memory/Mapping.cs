using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;
using static ScanImageTiff.Memory.MemoryCalls;

namespace ScanImageTiff.Memory;

/// <summary>
/// One read-only (copy-on-write) view of a file, with its pointer acquired once. Reference-counted:
/// readers and the <see cref="MappingCache"/> each hold a reference; the view is unmapped when the last is released.
/// </summary>
internal sealed unsafe class Mapping
{
    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;
    private int _references = 1;

    private Mapping(MemoryMappedFile file, MemoryMappedViewAccessor view, byte* pointer, long length)
    {
        _file = file;
        _view = view;
        Pointer = pointer;
        Length = length;
    }

    private Mapping(byte* pointer, long length)
    {
        Pointer = pointer;
        Length = length;
    }

    public byte* Pointer { get; }

    /// <summary>Bytes mapped. A mapping made by <see cref="CreateWithRoom"/> may extend past the end of the file.</summary>
    public long Length { get; }

    /// <summary>
    /// Maps [0, capacity) of a file that is <paramref name="length"/> bytes long now and growing, so later growth up to
    /// <paramref name="capacity"/> needs no new mapping: the pages past the end become readable as the file grows (the
    /// caller never reads past the length it has seen; before that, such a page would fault). Where raw mmap is not
    /// available, maps exactly [0, length).
    /// </summary>
    public static Mapping CreateWithRoom(SafeFileHandle handle, long length, long capacity)
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) || capacity <= length)
        {
            return Create(handle, length);
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);

            // Private and writable like Create's copy-on-write view; the file is never modified.
            var pointer = Mmap(0, (nuint)capacity, ProtRead | ProtWrite, MapPrivate, (int)handle.DangerousGetHandle(), 0);
            if (pointer == -1)
            {
                return Create(handle, length);
            }

            return new Mapping((byte*)pointer, capacity);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return Create(handle, length);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

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
        if (Interlocked.Decrement(ref _references) != 0)
        {
            return;
        }

        if (_view is null)
        {
            _ = Munmap((nint)Pointer, (nuint)Length);
            return;
        }

        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file!.Dispose();
    }
}
