using System.CommandLine;

namespace ScanImageTiff.Cli.Commands;

/// <summary><c>--compression none|deflate|zstd|lzw|packbits [--predictor] [--level N]</c> for commands that write TIFF.</summary>
internal sealed class CompressionOptions
{
    private readonly Option<string?> _compression = new("--compression")
    {
        Description = "Compress the written TIFF's strips: none, deflate, zstd, lzw or packbits (default none)",
    };

    private readonly Option<bool> _predictor = new("--predictor")
    {
        Description = "Store rows as differences before compressing (TIFF predictor 2 for integers, 3 for floats): smaller files for images",
    };

    private readonly Option<int?> _level = new("--level")
    {
        Description = "Codec level: deflate 1-9 (default 6), zstd 1-22 (default 3)",
        HelpName = "N",
    };

    public CompressionOptions() => _compression.AcceptOnlyFromAmong("none", "deflate", "zstd", "lzw", "packbits");

    public void AddTo(Command command)
    {
        command.Options.Add(_compression);
        command.Options.Add(_predictor);
        command.Options.Add(_level);
    }

    /// <summary>True when any of the options was given (they only apply to TIFF output).</summary>
    public bool Given(ParseResult parse) =>
        parse.GetValue(_compression) is not null || parse.GetValue(_predictor) || parse.GetValue(_level) is not null;

    /// <summary>The writer options the arguments ask for, on top of <paramref name="options"/>.</summary>
    public TiffWriterOptions Apply(ParseResult parse, TiffWriterOptions options)
    {
        var method = parse.GetValue(_compression) switch
        {
            "deflate" => TiffCompressionMethod.Deflate,
            "zstd" => TiffCompressionMethod.Zstd,
            "lzw" => TiffCompressionMethod.Lzw,
            "packbits" => TiffCompressionMethod.PackBits,
            _ => TiffCompressionMethod.None,
        };
        var predictor = parse.GetValue(_predictor);
        if ((predictor || parse.GetValue(_level) is not null) && method == TiffCompressionMethod.None)
        {
            throw new CliUsageException("--predictor and --level need --compression deflate|zstd|lzw|packbits");
        }

        if (predictor && method == TiffCompressionMethod.PackBits)
        {
            throw new CliUsageException("--predictor does not apply to packbits (libtiff ignores it there too)");
        }

        return options with { Compression = method, Predictor = predictor, CompressionLevel = parse.GetValue(_level) };
    }
}
