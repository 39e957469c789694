using RenderFarm.Rendering;
using RenderFarm.Timelines;

namespace RenderFarm.Storage.Cache;

/// <summary>
/// Points a resolved timeline's uploaded assets at this node's copies, fetching only those the work
/// reads (<see cref="AssetUse"/>).
/// </summary>
public static class AssetLocalizer
{
    public static Task<LocalizedTimeline> ForChunkAsync(ResolvedTimeline timeline, FrameRange range, AssetCache cache, CancellationToken cancellationToken) =>
        LocalizeAsync(timeline, AssetUse.ForChunk(timeline.Timeline, range), cache, cancellationToken);

    public static Task<LocalizedTimeline> ForSoundAsync(ResolvedTimeline timeline, AssetCache cache, CancellationToken cancellationToken) =>
        LocalizeAsync(timeline, AssetUse.ForSound(timeline.Timeline), cache, cancellationToken);

    private static async Task<LocalizedTimeline> LocalizeAsync(ResolvedTimeline timeline, IEnumerable<string> used, AssetCache cache, CancellationToken cancellationToken)
    {
        var stored = used
            .Where(id => timeline.Assets.TryGetValue(id, out var asset) && asset.StoredSha256 is not null)
            .ToList();
        if (stored.Count == 0)
            return new LocalizedTimeline(timeline, []);

        var leases = new List<AssetLease>();
        try
        {
            var assets = new Dictionary<string, ResolvedAsset>(timeline.Assets, StringComparer.Ordinal);
            foreach (var id in stored)
            {
                var asset = assets[id];
                var lease = await cache.AcquireAsync(asset.StoredSha256!, Path.GetExtension(timeline.Timeline.Assets[id].Path), cancellationToken);
                leases.Add(lease);
                assets[id] = asset with { FullPath = lease.Path };
            }
            return new LocalizedTimeline(timeline with { Assets = assets }, leases);
        }
        catch
        {
            leases.ForEach(lease => lease.Dispose());
            throw;
        }
    }
}

/// <summary>A timeline whose uploaded assets are this node's copies, held until disposed.</summary>
public sealed class LocalizedTimeline(ResolvedTimeline timeline, IReadOnlyList<AssetLease> leases) : IDisposable
{
    public ResolvedTimeline Timeline { get; } = timeline;

    public void Dispose()
    {
        foreach (var lease in leases)
            lease.Dispose();
    }
}
