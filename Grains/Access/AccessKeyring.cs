using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace RenderFarm.Access;

/// <summary>
/// The users the silo knows by key, from the keys file read at start and again whenever it changes
/// (<see cref="KeysFileWatcher"/>). Without one (or with access control turned off) it is open: every
/// caller is <see cref="LocalCaller.Identity"/>, an operator.
/// </summary>
public sealed class AccessKeyring
{
    private volatile IReadOnlyList<KeysFileEntry> entries;

    public AccessKeyring(IOptions<AccessOptions> options)
    {
        var access = options.Value;
        Enforced = access.KeysFile is { Length: > 0 } && !access.Disabled;
        KeysFile = Enforced ? Path.GetFullPath(access.KeysFile!) : null;
        entries = KeysFile is { } path ? KeysFileReader.Read(path) : [];
    }

    /// <summary>Whether callers must present a listed key and keep to their role's rules.</summary>
    public bool Enforced { get; }

    /// <summary>The keys file's full path, when <see cref="Enforced"/>.</summary>
    public string? KeysFile { get; }

    /// <summary>How many users the keys hold now.</summary>
    public int Users => entries.Count;

    /// <summary>
    /// Reads the keys file again. A file that cannot be used (unreadable, a bad line, no user) changes
    /// nothing: the users read last keep their keys and the exception says what is wrong.
    /// </summary>
    /// <exception cref="KeysFileException">The file cannot be used; the keys are as they were.</exception>
    public IReadOnlyList<KeysFileEntry> Reload()
    {
        if (KeysFile is not { } path)
            throw new InvalidOperationException("access control is off: there is no keys file to read");
        var read = KeysFileReader.Read(path);
        if (read.Count == 0)
            throw new KeysFileException(path, ["it lists no user: nobody could call the farm"]);
        entries = read;
        return read;
    }

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
