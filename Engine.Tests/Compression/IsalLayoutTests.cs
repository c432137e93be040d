using ScanImageTiff.Tests.Cli;
using ScanImageTiff.Tiff.Compression;

namespace ScanImageTiff.Tests.Compression;

/// <summary>
/// The ISA-L backend writes into a natively allocated <c>struct inflate_state</c> at fixed offsets: a C program
/// compiled against the installed header (Debian libisal-dev, which .ci/run installs) must agree with them.
/// </summary>
public sealed class IsalLayoutTests
{
    private const string Header = "/usr/include/isa-l/igzip_lib.h";

    [IsalHeaderFact]
    public void Inflate_state_size_and_offsets_match_the_installed_header()
    {
        using var dir = new TempDirectory();
        var source = Path.Combine(dir.Path, "layout.c");
        File.WriteAllText(source, """
            #include <stdio.h>
            #include <stddef.h>
            #include <isa-l/igzip_lib.h>
            int main(void) {
                printf("%zu %zu %zu %zu %zu %zu %zu %d\n", sizeof(struct inflate_state),
                    offsetof(struct inflate_state, next_out), offsetof(struct inflate_state, avail_out),
                    offsetof(struct inflate_state, total_out), offsetof(struct inflate_state, next_in),
                    offsetof(struct inflate_state, avail_in), offsetof(struct inflate_state, crc_flag), ISAL_ZLIB);
                return 0;
            }
            """);
        var program = Path.Combine(dir.Path, "layout");
        ExternalTools.Run("cc", "-o", program, source);
        var fields = ExternalTools.Run(program).Trim().Split(' ');

        Assert.InRange(int.Parse(fields[0]), 1, IsalNative.StateAllocation);
        Assert.Equal(IsalNative.StateSize.ToString(), fields[0]);
        Assert.Equal(["0", "8", "12", "16", "32"], fields[1..6]);
        Assert.Equal(IsalNative.CrcFlagOffset.ToString(), fields[6]);
        Assert.Equal(IsalNative.Zlib.ToString(), fields[7]);
    }

    [Fact]
    public void Isal_is_used_only_if_it_checks_the_Adler32_through_the_expected_crc_flag()
    {
        // Where the library is installed (CI installs it), its probe must succeed: a failed probe would hide a
        // layout change behind the zlib-ng fallback.
        Assert.Equal(File.Exists("/usr/lib/x86_64-linux-gnu/libisal.so.2"), IsalNative.IsAvailable);
    }

    /// <summary>Skipped, with the reason, when the header or a C compiler is missing.</summary>
    private sealed class IsalHeaderFactAttribute : FactAttribute
    {
        public IsalHeaderFactAttribute()
        {
            if (!File.Exists(Header) || !ExternalTools.TryRun("cc", ["--version"], out _))
            {
                Skip = $"{Header} or cc not found (apt-get install libisal-dev gcc; .ci/run does)";
            }
        }
    }
}
