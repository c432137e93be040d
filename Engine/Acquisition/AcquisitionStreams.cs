using ScanImageTiff.ScanImage;
using ScanImageTiff.Streaming;

namespace ScanImageTiff.Acquisition;

/// <summary>
/// <c>await foreach</c> over an acquisition of one or many files: frames with their coordinates (file, IFD,
/// volume, slice, channel), whole volumes, and a growing acquisition followed into its next files. A producer
/// task runs ahead of the consumer through a bounded <see cref="System.Threading.Channels.Channel"/>,
/// prefaulting views of the mapping or copying into pooled buffers, so the consumer's loop only computes.
/// </summary>
/// <remarks>
/// Ending the loop early, cancelling, or a failure in the producer end cleanly (see <see cref="FrameStreamExtensions"/>).
/// The acquisition must stay open while one of its streams is enumerated. <see cref="FrameStreamOptions"/> gives
/// the depth, page touching and copy budget; its range and selection fields must stay unset (select with
/// <see cref="AcquisitionSelection"/>).
/// </remarks>
public static class AcquisitionStreams
{
    /// <summary>
    /// Streams the selected frames as <typeparamref name="T"/>: views of the mapping where the layout allows
    /// (nothing copied or allocated per frame), pooled copies lent until the loop moves on otherwise.
    /// </summary>
    /// <typeparam name="T">The CLR type of the samples (every selected frame must hold it).</typeparam>
    /// <param name="frames">The frames (<see cref="ScanImageAcquisition.Select"/>).</param>
    /// <param name="options">Depth, page touching, copy budget; defaults when null.</param>
    /// <param name="cancellationToken">Stops the stream with <see cref="OperationCanceledException"/>.</param>
    public static IAsyncEnumerable<AcquisitionFrame<T>> StreamFrames<T>(
        this SelectedFrames frames, FrameStreamOptions? options = null, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(frames);
        options = Check(options);
        return FrameChannel.PumpAsync<AcquisitionFrameSource<T>, AcquisitionFrame<T>>(
            () => new AcquisitionFrameSource<T>(frames, options, untyped: false), options, cancellationToken);
    }

    /// <summary>
    /// Streams the selected frames as bytes in host byte order, whatever their sample type
    /// (<see cref="AcquisitionFrame{T}.PixelType"/> says which), for tools that do not know it in advance.
    /// Views and pooled copies as in <see cref="StreamFrames{T}(SelectedFrames, FrameStreamOptions?, CancellationToken)"/>.
    /// </summary>
    /// <param name="frames">The frames.</param>
    /// <param name="options">Depth, page touching, copy budget; defaults when null.</param>
    /// <param name="cancellationToken">Stops the stream with <see cref="OperationCanceledException"/>.</param>
    public static IAsyncEnumerable<AcquisitionFrame<byte>> StreamFrameBytes(
        this SelectedFrames frames, FrameStreamOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        options = Check(options);
        return FrameChannel.PumpAsync<AcquisitionFrameSource<byte>, AcquisitionFrame<byte>>(
            () => new AcquisitionFrameSource<byte>(frames, options, untyped: true), options, cancellationToken);
    }

    /// <summary>Streams the frames <paramref name="selection"/> picks (see <see cref="StreamFrames{T}(SelectedFrames, FrameStreamOptions?, CancellationToken)"/>).</summary>
    /// <typeparam name="T">The CLR type of the samples.</typeparam>
    /// <param name="acquisition">The acquisition.</param>
    /// <param name="selection">What to stream; every imaged frame when null.</param>
    /// <param name="options">Depth, page touching, copy budget; defaults when null.</param>
    /// <param name="cancellationToken">Stops the stream with <see cref="OperationCanceledException"/>.</param>
    public static IAsyncEnumerable<AcquisitionFrame<T>> StreamFrames<T>(
        this ScanImageAcquisition acquisition, AcquisitionSelection? selection = null, FrameStreamOptions? options = null, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(acquisition);
        return acquisition.Select(selection).StreamFrames<T>(options, cancellationToken);
    }

    /// <summary>
    /// Streams whole volumes of the selection, each its selected slices × frames per slice × selected channels in
    /// one contiguous pooled buffer (<see cref="AcquisitionVolume{T}"/>, which the consumer disposes). Volumes
    /// the files hold only in part are left out.
    /// </summary>
    /// <typeparam name="T">The CLR type of the samples.</typeparam>
    /// <param name="acquisition">The acquisition.</param>
    /// <param name="selection">Channels, slices, volumes or ROI to keep; all when null. Flyback frames are never part of a volume.</param>
    /// <param name="options">Depth and copy budget (in volumes); defaults when null.</param>
    /// <param name="cancellationToken">Stops the stream with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="InvalidOperationException">The selected frames differ in shape.</exception>
    public static IAsyncEnumerable<AcquisitionVolume<T>> StreamVolumes<T>(
        this ScanImageAcquisition acquisition, AcquisitionSelection? selection = null, FrameStreamOptions? options = null, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(acquisition);
        options = Check(options);
        return FrameChannel.PumpAsync<VolumeSource<T>, AcquisitionVolume<T>>(
            () => new VolumeSource<T>(acquisition.Select(selection)), options, cancellationToken);
    }

    /// <summary>
    /// Follows an acquisition that is still being written, from <paramref name="path"/> (which need not exist
    /// yet) into its next files (<c>&lt;stem&gt;_&lt;acq&gt;_&lt;idx+1&gt;.tif</c>), delivering every selected frame once,
    /// in order, as soon as it is in the file. Ends per ScanImage's rules (<see cref="FrameFollower.IsEndOfAcquisition"/>:
    /// <c>endOfAcquisitionMode = 1</c>, not the per-slice <c>endOfAcquisition</c> of a slow stack), on
    /// <see cref="FollowOptions.IdleTimeout"/>, at <see cref="AcquisitionSelection.End"/>, or on cancellation.
    /// Built on <see cref="FrameFollower"/>.
    /// </summary>
    /// <typeparam name="T">The CLR type of the samples.</typeparam>
    /// <param name="path">The first file of the acquisition.</param>
    /// <param name="selection">What to deliver; every imaged frame when null. Structure comes from the first file's metadata.</param>
    /// <param name="options">Polling, end conditions and rollover; defaults when null.</param>
    /// <param name="cancellationToken">Stops following with <see cref="OperationCanceledException"/>.</param>
    public static IAsyncEnumerable<AcquisitionFrame<T>> FollowFrames<T>(
        string path, AcquisitionSelection? selection = null, FollowOptions? options = null, CancellationToken cancellationToken = default)
        where T : unmanaged =>
        AcquisitionFollow.RunAsync<T>(new FrameFollower(path, options), selection ?? AcquisitionSelection.All, cancellationToken);

    /// <summary>
    /// <see cref="FollowFrames{T}"/> with every frame's samples as bytes in host byte order, whatever their type
    /// (<see cref="AcquisitionFrame{T}.PixelType"/>).
    /// </summary>
    /// <param name="path">The first file of the acquisition.</param>
    /// <param name="selection">What to deliver; every imaged frame when null.</param>
    /// <param name="options">Polling, end conditions and rollover; defaults when null.</param>
    /// <param name="cancellationToken">Stops following with <see cref="OperationCanceledException"/>.</param>
    public static IAsyncEnumerable<AcquisitionFrame<byte>> FollowFrameBytes(
        string path, AcquisitionSelection? selection = null, FollowOptions? options = null, CancellationToken cancellationToken = default) =>
        AcquisitionFollow.RunAsync<byte>(new FrameFollower(path, options) { Untyped = true }, selection ?? AcquisitionSelection.All, cancellationToken);

    private static FrameStreamOptions Check(FrameStreamOptions? options)
    {
        options ??= FrameStreamOptions.Default;
        options.Validate();
        if (options.Selection is not null || options.Start != 0 || options.End is not null || options.Stride != 1)
        {
            throw new ArgumentException("select acquisition frames with AcquisitionSelection; leave FrameStreamOptions' Selection, Start, End and Stride unset", nameof(options));
        }

        return options;
    }
}
