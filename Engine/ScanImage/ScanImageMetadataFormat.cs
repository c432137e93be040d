namespace ScanImageTiff.ScanImage;

/// <summary>How the frame-invariant metadata is written.</summary>
public enum ScanImageMetadataFormat
{
    /// <summary>MATLAB assignments, <c>SI.x = y</c>, one per line.</summary>
    Matlab,

    /// <summary>JSON (<c>{"SI": {...}}</c>), when ScanImage's <c>useJsonHeaderFormat</c> was on.</summary>
    Json,

    /// <summary>Pre-2016 files: metadata lines repeated in every frame's ImageDescription.</summary>
    Legacy,
}
