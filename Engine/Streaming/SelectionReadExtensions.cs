namespace ScanImageTiff.Streaming;

/// <summary>
/// Copies the frames of a <see cref="FrameSelection"/> back to back into one destination, in parallel for
/// large selections (a bounded number of workers, each first-touching its own part of the destination).
/// Frames may differ in shape as long as they share the sample type.
/// </summary>
public static class SelectionReadExtensions
{
    /// <summary>Number of samples in the selected frames.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="selection">The frames.</param>
    public static long GetElementCount(this ScanImageTiffReader reader, FrameSelection selection)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(selection);
        selection.Validate(reader);
        long total = 0;
        foreach (var index in selection.Indices)
        {
            total += reader.GetFrameInfo(index).ElementCount;
        }

        return total;
    }

    /// <summary>Copies the selected frames, in selection order, into <paramref name="destination"/> (native byte order).</summary>
    /// <typeparam name="T">The CLR type of the samples.</typeparam>
    /// <param name="reader">The reader.</param>
    /// <param name="selection">The frames.</param>
    /// <param name="destination">At least <see cref="GetElementCount"/> elements.</param>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> does not match a frame's sample type, or the destination is too small.</exception>
    /// <exception cref="NotSupportedException">A selected frame cannot be decoded.</exception>
    public static unsafe void ReadSelection<T>(this ScanImageTiffReader reader, FrameSelection selection, Span<T> destination)
        where T : unmanaged
    {
        var totalBytes = Require<T>(reader, selection);
        if ((long)destination.Length * sizeof(T) < totalBytes)
        {
            throw new ArgumentException($"destination holds {destination.Length} elements but the {selection.Count} selected frames have {totalBytes / sizeof(T)}", nameof(destination));
        }

        fixed (T* p = destination)
        {
            SelectionCopier.Copy(reader, selection, 0, selection.Count, (byte*)p, totalBytes);
        }
    }

    /// <summary>The selected frames in a new array.</summary>
    /// <typeparam name="T">The CLR type of the samples.</typeparam>
    /// <param name="reader">The reader.</param>
    /// <param name="selection">The frames.</param>
    /// <exception cref="InvalidOperationException">More elements than an array can hold; use <see cref="ReadSelectionNative{T}"/>.</exception>
    public static unsafe T[] ReadSelection<T>(this ScanImageTiffReader reader, FrameSelection selection)
        where T : unmanaged
    {
        var total = Require<T>(reader, selection) / sizeof(T);
        if (total > Array.MaxLength)
        {
            throw new InvalidOperationException($"the selected frames hold {total} elements, more than an array can; use ReadSelectionNative.");
        }

        var result = GC.AllocateUninitializedArray<T>((int)total);
        reader.ReadSelection<T>(selection, result);
        return result;
    }

    /// <summary>The selected frames in page-aligned native memory, for results of any size. Dispose it.</summary>
    /// <typeparam name="T">The CLR type of the samples.</typeparam>
    /// <param name="reader">The reader.</param>
    /// <param name="selection">The frames.</param>
    public static unsafe NativeBuffer<T> ReadSelectionNative<T>(this ScanImageTiffReader reader, FrameSelection selection)
        where T : unmanaged
    {
        var totalBytes = Require<T>(reader, selection);
        var buffer = new NativeBuffer<T>(totalBytes / sizeof(T));
        try
        {
            SelectionCopier.Copy(reader, selection, 0, selection.Count, (byte*)buffer.Pointer, totalBytes);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    private static long Require<T>(ScanImageTiffReader reader, FrameSelection selection)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(selection);
        return SelectionCopier.RequireReadable<T>(reader, selection, 0, selection.Count);
    }
}
