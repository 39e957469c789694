using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace RenderFarm.Access;

/// <summary>
/// The users the silo knows by key, from the keys file read at start. Without one (or with access
/// control turned off) it is open: every caller is <see cref="LocalCaller.Identity"/>, an operator.
/// </summary>
public sealed class AccessKeyring
{
    private readonly IReadOnlyList<KeysFileEntry> entries;

    public AccessKeyring(IOptions<AccessOptions> options)
    {
        var access = options.Value;
        Enforced = access.KeysFile is { Length: > 0 } && !access.Disabled;
        entries = Enforced ? KeysFileReader.Read(access.KeysFile!) : [];
    }

    /// <summary>Whether callers must present a listed key and keep to their role's rules.</summary>
    public bool Enforced { get; }

    /// <summary>The user of <paramref name="key"/>; null when it is missing or no listed key.</summary>
    public CallerIdentity? Verify(string? key)
    {
        if (!Enforced)
            return LocalCaller.Identity;
        if (string.IsNullOrEmpty(key))
            return null;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        KeysFileEntry? match = null;
        // Every entry is compared, each in fixed time: how long this takes says nothing of which key was near.
        foreach (var entry in entries)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, entry.KeySha256))
                match = entry;
        }
        return match?.Identity;
    }
}
