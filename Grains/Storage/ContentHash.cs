using System.Security.Cryptography;

namespace RenderFarm.Storage;

/// <summary>SHA-256 as the farm names content by: 64 lower-case hexadecimal digits.</summary>
public static class ContentHash
{
    public static bool IsValid(string? value) =>
        value is { Length: 64 } && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    public static string Check(string value) =>
        IsValid(value) ? value : throw new ArgumentException($"'{value}' is not a SHA-256: 64 lower-case hexadecimal digits.", nameof(value));

    public static string Of(IncrementalHash hash) => Convert.ToHexStringLower(hash.GetHashAndReset());

    public static async Task<string> OfFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
