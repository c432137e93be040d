namespace ScanImageTiff.Tests.Compression;

/// <summary>
/// Tests that switch the process-wide Deflate backend (<see cref="ScanImageTiff.Tiff.Compression.DeflateBackends.Selected"/>)
/// run alone, so no other test's allocation or speed is measured against a backend it did not choose.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DeflateBackendCollection
{
    public const string Name = "Deflate backend switch";
}
