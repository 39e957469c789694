namespace RenderFarm.Storage.Cache;

/// <summary>One asset in a node's cache: a file named by its SHA-256 and the ending it came with.</summary>
internal sealed class CachedAsset(string sha256, string path, long size, DateTimeOffset lastUsed)
{
    public string Sha256 { get; } = sha256;

    public string Path { get; } = path;

    public long Size { get; } = size;

    public DateTimeOffset LastUsed { get; set; } = lastUsed;

    /// <summary>Work reading the file now; a leased file is never removed.</summary>
    public int Leases { get; set; }

    public static string FileName(string sha256, string extension) =>
        sha256 + (IsSafeExtension(extension) ? extension.ToLowerInvariant() : "");

    /// <summary>What a cache folder held when the node started: its copies were checked when fetched.</summary>
    public static IEnumerable<CachedAsset> FindIn(string folder)
    {
        foreach (var partial in Directory.EnumerateFiles(folder, ".*.partial"))
            File.Delete(partial);
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles())
        {
            var name = System.IO.Path.GetFileNameWithoutExtension(file.Name);
            if (ContentHash.IsValid(name))
                yield return new CachedAsset(name, file.FullName, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
        }
    }

    private static bool IsSafeExtension(string extension) =>
        extension.Length is > 1 and <= 9 && extension[0] == '.' && extension[1..].All(char.IsAsciiLetterOrDigit);
}
