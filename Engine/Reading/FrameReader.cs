using System.Buffers.Binary;
using CommunityToolkit.HighPerformance.Buffers;
using ScanImageTiff.Memory;
using ScanImageTiff.Tiff;
using ScanImageTiff.Tiff.Compression;

namespace ScanImageTiff.Reading;

/// <summary>
/// The frame-level reads behind <see cref="ScanImageTiffReader"/>: argument and type checks, zero-copy
/// views into the mapping, and copies of a frame's strips into caller memory with the byte order fixed.
/// Knows the file's bytes and its <see cref="FrameTable"/>, nothing of streams or ScanImage.
/// </summary>
internal sealed class FrameReader(FileSource source, FrameTable table, TiffByteOrder byteOrder)
{
    private readonly FileSource _source = source;
    private readonly bool _bigEndian = byteOrder == TiffByteOrder.BigEndian;

    public FrameTable Table { get; } = table;

    public string FilePath => _source.Path;

    public int FrameCount => Table.Count;

    /// <summary>
    /// The one zero-copy test (public as <c>FrameAccess.CanReadZeroCopy</c>): mapped, one contiguous run, host byte
    /// order, a supported encoding. The frame index must be valid.
    /// </summary>
    public bool IsView(int frame, LayoutInfo info) =>
        info.Unsupported is null && _source.IsMapped && Table.IsContiguous(frame) && !NeedsSwap(info);

    /// <inheritdoc cref="ScanImageTiffReader.TryGetFrameMemory{T}"/>
    public bool TryGetMemory<T>(int frame, out ReadOnlyMemory<T> pixels)
        where T : unmanaged
    {
        var info = RequireReadable<T>(frame);
        if (_source is MappedFileSource mapped && IsView(frame, info))
        {
            pixels = mapped.GetMemory<T>(Table.DataOffsets[frame], checked((int)(info.FrameBytes / Unsafe.SizeOf<T>())));
            return true;
        }

        pixels = default;
        return false;
    }

    /// <inheritdoc cref="ScanImageTiffReader.ReadFrame{T}(int, Span{T})"/>
    public void Read<T>(int frame, Span<T> destination)
        where T : unmanaged
    {
        var info = RequireReadable<T>(frame);
        var bytes = MemoryMarshal.AsBytes(destination);
        if (bytes.Length < info.FrameBytes)
        {
            throw new ArgumentException($"destination holds {destination.Length} elements but frame {frame} has {info.FrameBytes / Unsafe.SizeOf<T>()}", nameof(destination));
        }

        CopyFrameBytes(frame, bytes[..(int)info.FrameBytes], parallelChunks: true);
    }

    /// <inheritdoc cref="ScanImageTiffReader.ReadFramePooled{T}(int)"/>
    public MemoryOwner<T> ReadPooled<T>(int frame)
        where T : unmanaged
    {
        var info = RequireReadable<T>(frame);
        var owner = MemoryOwner<T>.Allocate(checked((int)(info.FrameBytes / Unsafe.SizeOf<T>())), AllocationMode.Default);
        try
        {
            CopyFrameBytes(frame, MemoryMarshal.AsBytes(owner.Span), parallelChunks: true);
            return owner;
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    /// <inheritdoc cref="ScanImageTiffReader.ReadFrames{T}(int, int, Span{T})"/>
    public unsafe void ReadRange<T>(int start, int end, Span<T> destination)
        where T : unmanaged
    {
        var total = RequireReadable<T>(start, end);
        if (destination.Length < total)
        {
            throw new ArgumentException($"destination holds {destination.Length} elements but frames [{start}, {end}) have {total}", nameof(destination));
        }

        fixed (T* p = destination)
        {
            CopyRange(start, end, (byte*)p, total * sizeof(T));
        }
    }

    /// <inheritdoc cref="ScanImageTiffReader.ReadFrames{T}(int, int)"/>
    public T[] ReadRange<T>(int start, int end)
        where T : unmanaged
    {
        var total = RequireReadable<T>(start, end);
        if (total > Array.MaxLength)
        {
            throw new InvalidOperationException($"frames [{start}, {end}) hold {total} elements, more than an array can; use ReadFramesNative.");
        }

        var result = GC.AllocateUninitializedArray<T>((int)total);
        ReadRange<T>(start, end, result);
        return result;
    }

    /// <inheritdoc cref="ScanImageTiffReader.ReadFramesNative{T}(int, int)"/>
    public unsafe NativeBuffer<T> ReadRangeNative<T>(int start, int end)
        where T : unmanaged
    {
        var total = RequireReadable<T>(start, end);
        var buffer = new NativeBuffer<T>(total);
        try
        {
            CopyRange(start, end, (byte*)buffer.Pointer, total * sizeof(T));
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <inheritdoc cref="ScanImageTiffReader.ReadFramesLittleEndian(int, int, Span{byte})"/>
    public unsafe void ReadRangeLittleEndian(int start, int end, Span<byte> destination)
    {
        var total = GetByteCount(start, end);
        if (destination.Length < total)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes but frames [{start}, {end}) have {total}", nameof(destination));
        }

        fixed (byte* p = destination)
        {
            CopyRange(start, end, p, total);
        }
    }

    /// <inheritdoc cref="ScanImageTiffReader.GetByteCount(int, int)"/>
    public long GetByteCount(int start, int end)
    {
        CheckRange(start, end);
        long total = 0;
        for (var i = start; i < end; i++)
        {
            var info = Table.LayoutOf(i);
            if (info.Unsupported is not null)
            {
                throw Unsupported(i, info);
            }

            total += info.FrameBytes;
        }

        return total;
    }

    /// <summary>Copies one frame's decoded bytes (file byte order fixed to little-endian/native).</summary>
    public void CopyFrameBytes(int frame, Span<byte> destination, bool streaming = false, bool parallelChunks = false)
    {
        var t = Table;
        var info = t.LayoutOf(frame);
        if (info.NeedsDecode)
        {
            try
            {
                FrameDecoder.Decode(_source, info.Chunks, t.StripsOf(frame), destination, frame, _bigEndian, parallelChunks);
            }
            catch (TiffFormatException e)
            {
                throw e.WithPath(FilePath);
            }

            return;
        }

        var swap = NeedsSwap(info);

        // Swapping re-reads the destination, which streaming stores would just have sent out of the cache.
        streaming &= !swap;
        if (t.IsContiguous(frame))
        {
            Read(t.DataOffsets[frame], destination, streaming);
        }
        else
        {
            var strips = t.StripsOf(frame);
            var at = 0;
            for (var s = 0; s < strips.Length; s += 2)
            {
                var n = (int)strips[s + 1];
                Read(strips[s], destination.Slice(at, n), streaming);
                at += n;
            }
        }

        if (swap)
        {
            SwapInPlace(destination, info.PixelType!.Value.Size());
        }
    }

    // A description this far or further before its frame's pixels, or this large, is read on its own.
    private const int DescriptionGapBytes = 32 << 10;
    private const int DescriptionPrefixBytes = 1 << 20;

    /// <summary>
    /// With pread, where the frame's description lies just before its pixels (ScanImage writes the IFD, then the
    /// description, then the pixels), the bytes to read before the pixels so that ONE read gets both: a multiple of 8
    /// (the pixels stay 8-byte aligned in the buffer) that reaches back to the description's first byte. False for a
    /// mapping, a frame that is compressed, in several strips or byte-swapped, and a description that is missing,
    /// after the pixels, more than 32 KiB before them, or larger than 1 MiB.
    /// </summary>
    public bool TryGetDescriptionPrefix(int frame, out int prefix)
    {
        prefix = 0;
        var t = Table;
        var info = t.LayoutOf(frame);
        var length = t.DescriptionLengths[frame];
        if (_source.IsMapped || info.Unsupported is not null || info.NeedsDecode || !t.IsContiguous(frame) || NeedsSwap(info) || length <= 0)
        {
            return false;
        }

        var data = t.DataOffsets[frame];
        var description = t.DescriptionOffsets[frame];
        var before = data - description;
        if (description + length > data || before - length > DescriptionGapBytes || before > DescriptionPrefixBytes)
        {
            return false;
        }

        var aligned = (before + 7) & ~7L;
        if (aligned > data)
        {
            return false;
        }

        prefix = (int)aligned;
        return true;
    }

    /// <summary>
    /// Reads frame <paramref name="frame"/>'s pixels and the <paramref name="prefix"/> bytes before them
    /// (<see cref="TryGetDescriptionPrefix"/>) into <paramref name="destination"/> with one read; returns where the
    /// description starts in it (its length is the table's).
    /// </summary>
    public int ReadWithPrefix(int frame, int prefix, Span<byte> destination)
    {
        var data = Table.DataOffsets[frame];
        Read(data - prefix, destination, streaming: false);
        return prefix - (int)(data - Table.DescriptionOffsets[frame]);
    }

    /// <summary>Bytes read at once by <see cref="CopyNearby"/>; the scratch it is given must hold this many.</summary>
    public const int NearbyReadBytes = 1 << 20;

    // Frames up to this size are read together; larger ones already cost one system call per 256 KiB or more.
    private const int NearbyFrameBytes = 256 << 10;

    // Bytes between two frames read and skipped: an IFD and its ScanImage description, typically a few KiB.
    private const int NearbyGapBytes = 64 << 10;

    /// <summary>True when the bytes come from pread (not a mapping), so each read is a system call worth saving.</summary>
    public bool ReadsNearby => !_source.IsMapped;

    /// <summary>
    /// Copies frame <c>indices[k]</c> and the frames after it (up to <paramref name="end"/>) whose bytes follow it closely in the
    /// file, separated by at most an IFD and its description, with ONE read into <paramref name="scratch"/>, then copies
    /// each out to <paramref name="destination"/> (advanced past them, byte order fixed). Returns the number of frames
    /// copied: 0 when fewer than two such frames follow (compressed, in strips, large, or apart), which the caller then
    /// copies one by one.
    /// </summary>
    public unsafe int CopyNearby<TIndices>(TIndices indices, int k, int end, ref byte* destination, byte[] scratch)
        where TIndices : struct, IFrameIndices
    {
        var sink = new CopySink(destination);
        var n = VisitNearby(indices, k, end, scratch, ref sink);
        destination = sink.Destination;
        return n;
    }

    /// <summary>
    /// Like <see cref="CopyNearby"/>, but hands each frame to <paramref name="sink"/> where it lies in
    /// <paramref name="scratch"/> (byte order fixed there) instead of copying it out: for work that reads every byte
    /// once, such as a checksum. Returns the number of frames visited, 0 when fewer than two lie close together.
    /// </summary>
    public int VisitNearby<TIndices, TSink>(TIndices indices, int k, int end, byte[] scratch, ref TSink sink)
        where TIndices : struct, IFrameIndices
        where TSink : struct, INearbyFrameSink
    {
        var offsets = Table.DataOffsets;
        var first = indices.IndexAt(k);
        if (!IsSmallAndPlain(first, out var bytes))
        {
            return 0;
        }

        var start = offsets[first];
        var spanEnd = start + bytes;
        var last = k + 1;
        while (last < end)
        {
            var next = indices.IndexAt(last);
            if (!IsSmallAndPlain(next, out bytes))
            {
                break;
            }

            var at = offsets[next];
            if (at < spanEnd || at - spanEnd > NearbyGapBytes || at + bytes - start > scratch.Length)
            {
                break;
            }

            spanEnd = at + bytes;
            last++;
        }

        if (last == k + 1)
        {
            return 0;
        }

        var span = scratch.AsSpan(0, (int)(spanEnd - start));
        _source.Read(start, span);
        for (var i = k; i < last; i++)
        {
            var index = indices.IndexAt(i);
            var info = Table.LayoutOf(index);
            var frame = span.Slice((int)(offsets[index] - start), (int)info.FrameBytes);
            if (NeedsSwap(info))
            {
                SwapInPlace(frame, info.PixelType!.Value.Size());
            }

            sink.Frame(frame);
        }

        return last - k;
    }

    public bool NeedsSwap(LayoutInfo info) => _bigEndian && info.Layout.BitsPerSample > 8;

    public static void SwapInPlace(Span<byte> bytes, int sampleSize)
    {
        switch (sampleSize)
        {
            case 2:
                var s16 = MemoryMarshal.Cast<byte, ushort>(bytes);
                BinaryPrimitives.ReverseEndianness(s16, s16);
                break;
            case 4:
                var s32 = MemoryMarshal.Cast<byte, uint>(bytes);
                BinaryPrimitives.ReverseEndianness(s32, s32);
                break;
            case 8:
                var s64 = MemoryMarshal.Cast<byte, ulong>(bytes);
                BinaryPrimitives.ReverseEndianness(s64, s64);
                break;
        }
    }

    public NotSupportedException Unsupported(int frame, LayoutInfo info) =>
        new($"{FilePath}: IFD {frame} at byte offset {Table.IfdOffsets[frame]}: {info.Unsupported}.");

    /// <summary>Checks frame <paramref name="frame"/> exists, can be decoded and holds <typeparamref name="T"/> samples.</summary>
    public LayoutInfo RequireReadable<T>(int frame)
        where T : unmanaged
    {
        CheckFrame(frame);
        return RequireType<T>(frame);
    }

    /// <summary>Checks the existing frame <paramref name="frame"/> can be decoded and holds <typeparamref name="T"/> samples.</summary>
    public LayoutInfo RequireType<T>(int frame)
        where T : unmanaged
    {
        var info = Table.LayoutOf(frame);
        if (info.Unsupported is not null)
        {
            throw Unsupported(frame, info);
        }

        if (PixelTypes.Of<T>() != info.PixelType)
        {
            throw new ArgumentException(
                $"frame {frame} holds {info.PixelType!.Value.NumpyName()} samples but T is {typeof(T).Name}; use {info.PixelType.Value.ClrType().Name}.", nameof(T));
        }

        return info;
    }

    /// <summary>Checks frames [start, end) like <see cref="RequireReadable{T}(int)"/>; returns their number of samples.</summary>
    public long RequireReadable<T>(int start, int end)
        where T : unmanaged
    {
        CheckRange(start, end);
        long total = 0;
        var lastId = -1;
        LayoutInfo? info = null;
        var ids = Table.LayoutIndex;
        for (var i = start; i < end; i++)
        {
            if (ids[i] != lastId)
            {
                info = RequireReadable<T>(i);
                lastId = ids[i];
            }

            total += info!.FrameBytes;
        }

        return total / Unsafe.SizeOf<T>();
    }

    public void CheckFrame(int frame)
    {
        _source.ThrowIfDisposed();
        if ((uint)frame >= (uint)FrameCount)
        {
            throw new ArgumentOutOfRangeException(nameof(frame), frame, $"{FilePath} has {FrameCount} frames.");
        }
    }

    public void CheckRange(int start, int end)
    {
        _source.ThrowIfDisposed();
        if (start < 0 || end > FrameCount || start > end)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"[{start}, {end}) is not a frame range of {FilePath}, which has {FrameCount} frames.");
        }
    }

    /// <summary>Frames [start, end) back to back, in parallel chunks for large runs.</summary>
    private unsafe void CopyRange(int start, int end, byte* destination, long totalBytes) =>
        IntervalCopier.Copy(this, default(FrameRange), start, end, destination, totalBytes);

    private bool IsSmallAndPlain(int frame, out long bytes)
    {
        var info = Table.LayoutOf(frame);
        bytes = info.FrameBytes;
        return !info.NeedsDecode && Table.IsContiguous(frame) && bytes <= NearbyFrameBytes;
    }

    private void Read(long offset, Span<byte> destination, bool streaming)
    {
        if (streaming)
        {
            _source.ReadStreaming(offset, destination);
        }
        else
        {
            _source.Read(offset, destination);
        }
    }

    /// <summary>Copies each visited frame to the next bytes of a destination.</summary>
    private unsafe struct CopySink(byte* destination) : INearbyFrameSink
    {
        public byte* Destination { get; private set; } = destination;

        public void Frame(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(new Span<byte>(Destination, bytes.Length));
            Destination += bytes.Length;
        }
    }
}
