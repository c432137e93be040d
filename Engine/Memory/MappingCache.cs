using Microsoft.Win32.SafeHandles;

namespace ScanImageTiff.Memory;

/// <summary>
/// Keeps the mappings of recently opened, unchanged files so that opening the same file again reuses
/// page tables that are already built. On the machines this was measured on, the first touch of a page
/// in a new mapping costs microseconds (a 100 000-IFD file takes ~0.6 s to index in a new mapping and
/// ~10 ms in a reused one), so this, not parsing, decides the cost of a repeated open.
/// </summary>
/// <remarks>
/// Entries are keyed by the identity of the open file (<see cref="FileIdentity"/>: device, inode, size,
/// change and modification times in nanoseconds), read from the handle, so a file replaced by another one
/// (even of the same length with a preserved modification time) gets a new mapping. A file rewritten in place
/// keeps its inode, but the cached mapping then shows the new bytes anyway: a private mapping reads the
/// file's page cache, which the writes went to (local file systems; network shares are not coherent, which
/// is why <see cref="ReadBackend.RandomAccess"/> is for them). When the identity cannot be read, nothing is shared. At most <see cref="MaxEntries"/> are kept (least recently used go first); an entry
/// only holds address space and page tables, never a file handle. Memory handed out by a reader still
/// becomes unusable when that reader is disposed.
/// </remarks>
internal static class MappingCache
{
    private const int MaxEntries = 16;
    private static readonly Lock s_lock = new();
    private static readonly LinkedList<(Key Key, Mapping Mapping)> s_entries = [];

    /// <summary>
    /// A mapping of [0, length) of the file, from the cache (<paramref name="reused"/>: its page tables were built by an
    /// earlier reader) or new; the caller owns one reference.
    /// </summary>
    public static Mapping Acquire(SafeFileHandle handle, long length, out bool reused)
    {
        reused = false;
        if (!FileIdentity.TryGet(handle, out var identity))
        {
            return Mapping.Create(handle, length);
        }

        var key = new Key(identity, length);
        lock (s_lock)
        {
            for (var node = s_entries.First; node is not null; node = node.Next)
            {
                if (node.Value.Key == key)
                {
                    s_entries.Remove(node);
                    s_entries.AddLast(node);
                    node.Value.Mapping.AddReference();
                    reused = true;
                    return node.Value.Mapping;
                }
            }
        }

        var mapping = Mapping.Create(handle, length);
        mapping.AddReference(); // the cache's own reference
        lock (s_lock)
        {
            s_entries.AddLast((key, mapping));
            while (s_entries.Count > MaxEntries)
            {
                var oldest = s_entries.First!.Value.Mapping;
                s_entries.RemoveFirst();
                oldest.Release();
            }
        }

        return mapping;
    }

    /// <summary>Drops every cached mapping (those still used by open readers stay until they are disposed).</summary>
    public static void Clear()
    {
        lock (s_lock)
        {
            foreach (var (_, mapping) in s_entries)
            {
                mapping.Release();
            }

            s_entries.Clear();
        }
    }

    private readonly record struct Key(FileIdentity File, long Length);
}
