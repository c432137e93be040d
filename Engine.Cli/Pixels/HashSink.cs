using System.IO.Hashing;
using System.Security.Cryptography;
using ScanImageTiff.Acquisition;

namespace ScanImageTiff.Cli.Pixels;

/// <summary>A streaming checksum of the bytes written: <c>sha256</c> or <c>xxh3</c> (64-bit XXH3).</summary>
internal sealed class HashSink : IDisposable
{
    private readonly IncrementalHash? _sha;
    private readonly XxHash3? _xxh3;
    private ulong? _computed;

    private HashSink(string algorithm, IncrementalHash? sha, XxHash3? xxh3)
    {
        Algorithm = algorithm;
        _sha = sha;
        _xxh3 = xxh3;
    }

    public string Algorithm { get; }

    public static HashSink Create(string algorithm) => algorithm switch
    {
        "sha256" => new HashSink(algorithm, IncrementalHash.CreateHash(HashAlgorithmName.SHA256), null),
        "xxh3" => new HashSink(algorithm, null, new XxHash3()),
        _ => throw new CliUsageException($"--checksum {algorithm}: expected sha256 or xxh3"),
    };

    /// <summary>
    /// Hashes the selection's bytes (what a raw export writes): xxh3 with the engine's checksum on every core, sha256
    /// (a running hash that cannot be split) through <see cref="SelectedFrames.WriteTo(Stream, IProgress{long}, CancellationToken)"/>.
    /// </summary>
    public void ComputeFrom(SelectedFrames frames, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        if (_xxh3 is not null)
        {
            _computed = frames.ComputeXxHash3(progress, cancellationToken);
        }
        else
        {
            frames.WriteTo(new TeeStream(null, this), progress, cancellationToken);
        }
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_sha is not null)
        {
            _sha.AppendData(bytes);
        }
        else
        {
            _xxh3!.Append(bytes);
        }
    }

    /// <summary><c>sha256:&lt;hex&gt;</c> or <c>xxh3:&lt;hex&gt;</c> (lowercase; xxh3 as its big-endian 8 bytes, like xxhsum).</summary>
    public string Result() =>
        Algorithm + ":" + (_computed is { } value
            ? value.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)
            : Convert.ToHexStringLower(_sha is not null ? _sha.GetHashAndReset() : _xxh3!.GetCurrentHash()));

    public void Dispose() => _sha?.Dispose();
}
