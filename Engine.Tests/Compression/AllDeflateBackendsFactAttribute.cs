using ScanImageTiff.Tiff.Compression;

namespace ScanImageTiff.Tests.Compression;

/// <summary>
/// A fact about every Deflate backend being installed: it always runs under CI (<c>CI=true</c>, where
/// <c>.ci/run</c> installs them, so a missing library fails), and elsewhere it is skipped with the reason
/// when a library is missing, so <c>dotnet test</c> on a fresh machine stays green.
/// </summary>
internal sealed class AllDeflateBackendsFactAttribute : FactAttribute
{
    public AllDeflateBackendsFactAttribute()
    {
        var onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!onCi && DeflateBackends.Present.Count != Enum.GetValues<DeflateBackend>().Length)
        {
            Skip = "ISA-L or libdeflate not installed (apt-get install libisal2 libdeflate0; .ci/run does)";
        }
    }
}
