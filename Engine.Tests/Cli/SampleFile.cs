using ScanImageTiff.Tests.Support;

namespace ScanImageTiff.Tests.Cli;

/// <summary>The committed bundled sample (samples/fastz_2ch_4z_5vol.tif at the repository root).</summary>
internal static class SampleFile
{
    public static string Path => System.IO.Path.Combine(Corpus.RepositoryRoot(), "samples", "fastz_2ch_4z_5vol.tif");
}
