namespace ScanImageTiff;

/// <summary>
/// Damage found at the end of a file whose tail is missing (for example a disk that filled up during
/// acquisition): the frames before it are intact and readable, the IFD named here and any after it are not.
/// </summary>
/// <param name="FileOffset">Byte offset of the structure that is cut off or points past the end.</param>
/// <param name="IfdIndex">0-based index of the first IFD that could not be read whole.</param>
/// <param name="Problem">What is wrong.</param>
public sealed record FileDamage(long FileOffset, int IfdIndex, string Problem)
{
    /// <inheritdoc />
    public override string ToString() => $"{Problem} at byte offset {FileOffset} (IFD {IfdIndex})";
}
