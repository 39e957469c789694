using System.Security.Cryptography;
using System.Text;

namespace RenderFarm.Access;

/// <summary>
/// The farm's API keys: 32 random bytes behind a recognisable prefix, and the SHA-256 the farm's keys
/// file holds instead of the key (a key of that entropy needs no slow password hash).
/// </summary>
public static class ApiKeys
{
    public const string Prefix = "rfk_";
    public const int RandomBytes = 32;

    public static string New() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(RandomBytes));

    /// <summary>The key's SHA-256 as 64 lower-case hex digits, as the keys file writes it.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The keys file's line for <paramref name="user"/> holding <paramref name="key"/>: <c>USER ROLE SHA256 [PROJECT,...]</c>.</summary>
    public static string KeysFileLine(string user, CallerRole role, string key, IReadOnlyList<string> projects) =>
        $"{user} {role.ToString().ToLowerInvariant()} {Hash(key)}" + (projects.Count > 0 ? " " + string.Join(',', projects) : "");

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
