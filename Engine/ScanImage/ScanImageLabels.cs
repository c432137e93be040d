namespace ScanImageTiff.ScanImage;

/// <summary>The stable text names scripts see (CLI JSON): <c>"2016+"</c>, <c>"matlab"</c>, ...</summary>
public static class ScanImageLabels
{
    /// <summary><c>"2016+"</c>, <c>"2015"</c>, <c>"5"</c>, <c>"4"</c> or <c>"3"</c>.</summary>
    public static string Label(this ScanImageEra era) => era switch
    {
        ScanImageEra.SI2016Plus => "2016+",
        ScanImageEra.SI2015 => "2015",
        ScanImageEra.SI5 => "5",
        ScanImageEra.SI4 => "4",
        ScanImageEra.SI3 => "3",
        _ => throw new ArgumentOutOfRangeException(nameof(era), era, null),
    };

    /// <summary><c>"matlab"</c>, <c>"json"</c> or <c>"legacy"</c>.</summary>
    public static string Label(this ScanImageMetadataFormat format) => format switch
    {
        ScanImageMetadataFormat.Matlab => "matlab",
        ScanImageMetadataFormat.Json => "json",
        ScanImageMetadataFormat.Legacy => "legacy",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}
