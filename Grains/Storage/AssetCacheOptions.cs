namespace RenderFarm.Storage;

/// <summary>A node's cache of the uploaded assets it fetched from a store that is not a shared folder.</summary>
public sealed class AssetCacheOptions
{
    public const long DefaultMaxBytes = 20L * 1024 * 1024 * 1024;

    /// <summary>Defaults to <c>cache</c> beside the node's work folder.</summary>
    public string? Folder { get; set; }

    /// <summary>Above this, the least recently used assets not in use are removed.</summary>
    public long MaxBytes { get; set; } = DefaultMaxBytes;

    internal IEnumerable<string> Problems(string prefix)
    {
        if (Folder is { } folder && string.IsNullOrWhiteSpace(folder))
            yield return $"{prefix}:{nameof(Folder)} must be a folder, or unset for the node's work folder's cache";
        if (MaxBytes <= 0)
            yield return $"{prefix}:{nameof(MaxBytes)} must be more than 0";
    }
}
