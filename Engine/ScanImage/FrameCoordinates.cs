namespace ScanImageTiff.ScanImage;

/// <summary>Where one IFD sits in the acquisition. All indices are 0-based; <see cref="Channel"/> is ScanImage's channel number.</summary>
/// <param name="Ifd">The IFD (frame) index, global over the files of the acquisition.</param>
/// <param name="Volume">Volume (time point), counted from the first file given.</param>
/// <param name="Slice">z plane within the volume; -1 for flyback frames.</param>
/// <param name="FrameInSlice">Frame within the slice (slow stacks repeat frames per slice); -1 for flyback frames.</param>
/// <param name="FrameInVolume">Frame (per channel) within the volume as written on disk, flyback frames included.</param>
/// <param name="ChannelIndex">Position of the channel among the saved channels.</param>
/// <param name="Channel">ScanImage channel number (1-based, as in <c>channelSave</c>).</param>
/// <param name="IsFlyback">A FastZ flyback frame: on disk, but not an image of a plane.</param>
public readonly record struct FrameCoordinates(int Ifd, int Volume, int Slice, int FrameInSlice, int FrameInVolume, int ChannelIndex, int Channel, bool IsFlyback);
