using System.IO.Hashing;
using System.Security.Cryptography;

namespace ScanImageTiff.Cli.Pixels;

/// <summary>A streaming checksum of the bytes written: <c>sha256</c> or <c>xxh3</c> (64-bit XXH3).</summary>
internal sealed class HashSink : IDisposable
{
    private readonly IncrementalHash? _sha;
    private readonly XxHash3? _xxh3;

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
        Algorithm + ":" + Convert.ToHexStringLower(_sha is not null ? _sha.GetHashAndReset() : _xxh3!.GetCurrentHash());

    public void Dispose() => _sha?.Dispose();
}
