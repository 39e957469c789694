using RenderFarm.Rendering;
using RenderFarm.Scheduling;

namespace RenderFarm.Timelines;

/// <summary>
/// Which assets a piece of work reads: the clips a chunk's frames show, every clip with sound for the
/// sound render, none for a merge. The node fetches by it, and the scheduler places work by it.
/// </summary>
public static class AssetUse
{
    public static IEnumerable<string> ForChunk(Timeline timeline, FrameRange range) =>
        timeline.VideoTracks
            .SelectMany(track => track.Clips)
            .Where(clip => clip.Asset is not null && range.Overlaps(clip.Start, clip.End))
            .Select(clip => clip.Asset!)
            .Distinct(StringComparer.Ordinal);

    public static IEnumerable<string> ForSound(Timeline timeline) =>
        timeline.VideoTracks
            .SelectMany(track => track.Clips)
            .Where(clip => clip.Asset is not null && clip.Audio)
            .Select(clip => clip.Asset!)
            .Concat(timeline.AudioTracks.SelectMany(track => track.Clips).Select(clip => clip.Asset))
            .Distinct(StringComparer.Ordinal);

    public static IEnumerable<string> For(Timeline timeline, WorkKind kind, FrameRange range) => kind switch
    {
        WorkKind.Chunk => ForChunk(timeline, range),
        WorkKind.Sound => ForSound(timeline),
        _ => [],
    };

    /// <summary>The content hashes of the uploaded assets (those a node reads from the store) the work reads.</summary>
    public static IReadOnlySet<string> StoredHashes(ResolvedTimeline timeline, WorkKind kind, FrameRange range) =>
        For(timeline.Timeline, kind, range)
            .Select(id => timeline.Assets.TryGetValue(id, out var asset) ? asset.StoredSha256 : null)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
}
