using System.Security.Cryptography;

namespace ScanImageTiff.Tests.Support;

internal static class Hash
{
    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
