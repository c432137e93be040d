namespace ScanImageTiff.Cli.ScanImage;

/// <summary>
/// Where one IFD sits in the acquisition (one entry of <c>sitiff map</c>).
/// </summary>
/// <param name="Ifd">Global IFD index over all files given.</param>
/// <param name="File">Index of the file (in the order given) that holds it.</param>
/// <param name="Volume">0-based volume.</param>
/// <param name="Slice">0-based slice, null for a flyback frame.</param>
/// <param name="Frame">0-based frame (plain TIFF: the IFD index; ScanImage: the frame within its slice), null for a flyback frame.</param>
/// <param name="Channel">ScanImage channel number (as in <c>channelSave</c>; 1 for a plain TIFF).</param>
/// <param name="Flyback">True for a FastZ flyback frame that is on disk although it holds no slice.</param>
internal readonly record struct FrameLocation(int Ifd, int File, int Volume, int? Slice, int? Frame, int Channel, bool Flyback);
