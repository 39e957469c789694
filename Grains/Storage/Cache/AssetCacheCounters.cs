namespace RenderFarm.Storage.Cache;

/// <summary>What a node's cache did since its silo started, and what it holds now.</summary>
public readonly record struct AssetCacheCounters(long Hits, long Misses, long BytesFetched, long BytesSaved, long Evicted, long Bytes, int Assets)
{
    public double HitRate => Hits + Misses == 0 ? 0 : (double)Hits / (Hits + Misses);
}
