namespace RenderFarm.Media;

/// <summary>
/// Who uses one uploaded asset, keyed by its SHA-256: the jobs not yet ended that read it and when a job
/// last did. It alone removes the asset from the store, so that no job loses an asset it was accepted with.
/// </summary>
[Alias("RenderFarm.Media.IAssetUsageGrain")]
public interface IAssetUsageGrain : IGrainWithStringKey
{
    /// <summary>The job reads the asset until it ends.</summary>
    [Alias("Use")] Task UseAsync(Guid jobId);

    /// <summary>The job has ended.</summary>
    [Alias("Release")] Task ReleaseAsync(Guid jobId);

    /// <summary>
    /// Removes the asset when no job uses it and none has since <paramref name="unusedSince"/> (an asset
    /// never used counts from its upload); in a dry run only says so.
    /// </summary>
    [Alias("Expire")] Task<AssetExpiry> ExpireAsync(DateTimeOffset unusedSince, bool dryRun);

    /// <summary>
    /// A node found the store's copy not to be the bytes its hash names: the copy is read again whole and,
    /// if it is still wrong, removed, so that the farm asks for the asset again instead of failing every
    /// job that reads it. True when it was removed.
    /// </summary>
    [Alias("CheckDamaged")] Task<bool> CheckDamagedAsync();
}

/// <summary>What became of an asset a purge looked at: removed (with its size), kept in use, or kept for its time.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.Media.AssetExpiry")]
public sealed record AssetExpiry([property: Id(0)] long BytesRemoved, [property: Id(1)] bool InUse)
{
    public static readonly AssetExpiry Kept = new(0, false);
}
