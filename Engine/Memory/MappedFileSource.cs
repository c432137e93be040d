using Microsoft.Win32.SafeHandles;
using static ScanImageTiff.Memory.MemoryCalls;

namespace ScanImageTiff.Memory;

/// <summary>
/// Read access through a memory mapping. The view pointer is acquired once per mapping; spans and
/// <see cref="ReadOnlyMemory{T}"/> regions point straight into it. When the file grows,
/// <see cref="Refresh"/> adds a larger mapping and keeps the old ones alive, so memory handed out
/// earlier stays valid until dispose. The mapping never extends past the length seen, so bytes
/// beyond it are never touched (a shrinking file is still fatal: use the RandomAccess backend).
/// </summary>
internal sealed unsafe class MappedFileSource : FileSource
{
    /// <summary>Typed memory is handed out from windows of this many bytes, starting every <see cref="SegmentStride"/> bytes.</summary>
    private const long SegmentBytes = 1L << 31;
    private const int SegmentShift = 30;
    private const long SegmentStride = 1L << SegmentShift;

    private static volatile bool s_populateUnavailable = !OperatingSystem.IsLinux();

    private readonly Lock _growLock = new();
    private readonly List<Mapping> _mappings = [];
    private volatile Mapping? _current;
    private long _length;

    // MapsCheaply: 0 not probed yet, 1 yes, 2 no.
    private int _mapsCheaply;

    // One cache of memory managers per element type (see TypeSlot<T>), each indexed by segment.
    private object?[] _managerCaches = new object?[8];

    /// <param name="path">The file's path (for messages).</param>
    /// <param name="handle">The open file.</param>
    /// <param name="shareMappings">Reuse (and offer) the mapping of an unchanged file another reader made (<see cref="MappingCache"/>).</param>
    /// <param name="populate">The page cache holds the file in 2 MiB folios (the caller probed: <see cref="FolioProbe"/>) and the caller reads all of it: map every page now (<see cref="Populate"/>).</param>
    public MappedFileSource(string path, SafeFileHandle handle, bool shareMappings, bool populate = false)
        : base(path, handle)
    {
        var length = RandomAccess.GetLength(handle);
        if (length > 0)
        {
            var reused = false;
            Add(shareMappings ? MappingCache.Acquire(handle, length, out reused) : Mapping.Create(handle, length));
            ReusesMapping = reused;
            _length = length;
            if (populate)
            {
                _mapsCheaply = 1;
                if (!reused)
                {
                    Populate(_current!, length);
                }
            }
        }
    }

    /// <summary>Bytes that may be read: the length seen at open or at the last <see cref="Refresh"/> (never more than is mapped).</summary>
    public override long Length => Volatile.Read(ref _length);

    /// <summary>True when the mapping came from <see cref="MappingCache"/>: an earlier reader's page tables, no page faults.</summary>
    public override bool ReusesMapping { get; }

    /// <summary>Mappings this source has made (1 at open for a non-empty file, then one per growth past the mapped room).</summary>
    public int MappingCount
    {
        get
        {
            lock (_growLock)
            {
                return _mappings.Count;
            }
        }
    }

    public override bool IsMapped => true;

    /// <inheritdoc/>
    public override bool MapsCheaply
    {
        get
        {
            var known = Volatile.Read(ref _mapsCheaply);
            if (known == 0)
            {
                var length = Length;
                // Elsewhere than Linux nothing tells the folios apart, and below FolioProbe.MinimumLength it does not
                // probe (it answers "no" for both): read through the mapping.
                known = !OperatingSystem.IsLinux() || length < FolioProbe.MinimumLength || FolioProbe.MapsLargeFolios(Handle, length) ? 1 : 2;
                Volatile.Write(ref _mapsCheaply, known);
            }

            return known == 1;
        }
    }

    /// <summary>Pointer to byte 0 of the newest mapping.</summary>
    public byte* BasePointer => _current is { } m ? m.Pointer : null;

    public override ReadOnlySpan<byte> GetSpan(long offset, int length, Span<byte> scratch) =>
        new(_current!.Pointer + offset, length);

    public override void Read(long offset, Span<byte> destination)
    {
        ThrowIfDisposed();
        new ReadOnlySpan<byte>(_current!.Pointer + offset, destination.Length).CopyTo(destination);
    }

    public override void ReadStreaming(long offset, Span<byte> destination)
    {
        ThrowIfDisposed();
        StreamingCopy.Copy(new ReadOnlySpan<byte>(_current!.Pointer + offset, destination.Length), destination);
    }

    public override long Refresh()
    {
        ThrowIfDisposed();
        var length = RandomAccess.GetLength(Handle);
        lock (_growLock)
        {
            if (length > Length)
            {
                // A growing file (a live acquisition) is refreshed after every write the writer makes: map with room to
                // grow (the mapped size doubles) so the number of mappings grows with the log of
                // the file's size, not with its writes. These mappings are this reader's own: the cache is for files
                // that do not change.
                if (_current is not { } current || length > current.Length)
                {
                    Add(Mapping.CreateWithRoom(Handle, length, ((2 * length) + 4095) & ~4095L));
                }

                Volatile.Write(ref _length, length);
            }
        }

        return Length;
    }

    /// <summary>
    /// Zero-copy typed memory over [offset, offset + count·sizeof(T)). The caller has checked the
    /// range. Allocation-free when the offset is aligned to sizeof(T) and the region fits a cached
    /// 2 GiB window; otherwise one small manager object is created for the region.
    /// </summary>
    public ReadOnlyMemory<T> GetMemory<T>(long offset, int count)
        where T : unmanaged
    {
        ThrowIfDisposed();
        var mapping = _current!;
        var bytes = (long)count * sizeof(T);
        var segment = offset >> SegmentShift;
        var segmentStart = segment << SegmentShift;
        if (offset % sizeof(T) == 0 && offset - segmentStart + bytes <= SegmentBytes - 4096)
        {
            var manager = GetSegmentManager<T>(mapping, (int)segment, segmentStart);
            if (offset + bytes <= segmentStart + manager.ByteLength)
            {
                return manager.Memory.Slice((int)((offset - segmentStart) / sizeof(T)), count);
            }
        }

        return new MappedMemoryManager<T>(this, mapping.Pointer + offset, count).Memory;
    }

    private MappedMemoryManager<T> GetSegmentManager<T>(Mapping mapping, int segment, long segmentStart)
        where T : unmanaged
    {
        var slot = TypeSlot<T>.Index;
        var caches = Volatile.Read(ref _managerCaches);
        if (slot >= caches.Length)
        {
            lock (_growLock)
            {
                if (slot >= _managerCaches.Length)
                {
                    var grown = new object?[Math.Max(slot + 1, _managerCaches.Length * 2)];
                    Array.Copy(_managerCaches, grown, _managerCaches.Length);
                    Volatile.Write(ref _managerCaches, grown);
                }

                caches = _managerCaches;
            }
        }

        // A cache belongs to one mapping; after the file grew, build new managers over the new mapping
        // (the old ones stay valid for memory already handed out).
        if (caches[slot] is not SegmentCache<T> cache || cache.Mapping != mapping)
        {
            cache = new SegmentCache<T>(mapping);
            Volatile.Write(ref caches[slot], cache);
        }

        var managers = cache.Managers;
        if (segment < managers.Length && managers[segment] is { } existing)
        {
            return existing;
        }

        var windowBytes = Math.Min(SegmentBytes - 4096, mapping.Length - segmentStart);
        var created = new MappedMemoryManager<T>(this, mapping.Pointer + segmentStart, (int)(windowBytes / sizeof(T)));
        if (segment < managers.Length)
        {
            Interlocked.CompareExchange(ref managers[segment], created, null);
            return managers[segment]!;
        }

        return created;
    }

    /// <summary>
    /// Maps every page of a new mapping of a file held in 2 MiB folios with one <c>madvise(MADV_POPULATE_READ)</c>, for a
    /// caller that reads the whole file. Each 2 MiB of a new mapping is otherwise a page fault on first touch, ~20 µs
    /// each on this VM (a C loop touching one byte per 2 MiB of the 1 GB stack: 10.0–10.7 ms for its 505 faults), where
    /// populating takes 1.2–2.0 ms for the whole file; a C sum of the 0.5 GB stack through a fresh mapping took
    /// 30.6–36.8 ms after it against 37.0–38.4 ms without, and <c>sitiff data --checksum xxh3</c> of the 1 GB stack
    /// 90.4 against 94.6 ms (medians of 25 alternating runs; 1.36× and 1.43× a C sum through a fresh mapping). With small
    /// folios it installs an entry per 4 KiB and costs more than the faults it saves (a C walk of 100 000 IFDs: 86–110
    /// against 67–77 ms), which is why only <see cref="ReadBackend.Auto"/> asks for it, once its probe has seen 2 MiB
    /// folios. Nothing is read that is not cached already but for pages the probe missed, which the caller would read
    /// anyway. A failure (a kernel before 5.14 refuses the advice) stops later calls in the process; the pages then
    /// fault in as they are read.
    /// </summary>
    private static void Populate(Mapping mapping, long length)
    {
        if (s_populateUnavailable)
        {
            return;
        }

        try
        {
            if (Madvise((nint)mapping.Pointer, (nuint)length, MadvPopulateRead) != 0)
            {
                s_populateUnavailable = true;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_populateUnavailable = true;
        }
    }

    private void Add(Mapping mapping)
    {
        _mappings.Add(mapping);
        _current = mapping;
    }

    protected override void Dispose(bool disposing)
    {
        lock (_growLock)
        {
            foreach (var m in _mappings)
            {
                m.Release();
            }

            _mappings.Clear();
            _current = null;
            Volatile.Write(ref _length, 0);
        }
    }

    private sealed class SegmentCache<T>(Mapping mapping)
        where T : unmanaged
    {
        public Mapping Mapping { get; } = mapping;

        public MappedMemoryManager<T>?[] Managers { get; } = new MappedMemoryManager<T>?[(int)Math.Min(1 << 16, (mapping.Length >> SegmentShift) + 1)];
    }

    private static class TypeSlot<T>
    {
        public static readonly int Index = Interlocked.Increment(ref s_nextSlot) - 1;
    }

    private static int s_nextSlot;
}
