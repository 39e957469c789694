namespace RenderFarm.Access;

/// <summary>One user of the keys file: the SHA-256 of their key (32 bytes), never the key.</summary>
public sealed record KeysFileEntry(string User, CallerRole Role, byte[] KeySha256, IReadOnlyList<string> Projects)
{
    public CallerIdentity Identity { get; } = new(User, Role, Projects);
}
