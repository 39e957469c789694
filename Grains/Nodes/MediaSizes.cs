using RenderFarm.Rendering;
using RenderFarm.Timelines;

namespace RenderFarm.Nodes;

/// <summary>Bytes a piece of work reads and writes, for the node's media counters; 0 for a file that cannot be read.</summary>
internal static class MediaSizes
{
    /// <summary>The files of the video clips a chunk's frames show.</summary>
    public static long ChunkInputs(ResolvedTimeline spec, FrameRange range)
    {
        var end = range.Start + range.Count;
        return spec.Timeline.VideoTracks
            .SelectMany(track => track.Clips)
            .Where(clip => clip.Asset is not null && clip.Start < end && clip.End > range.Start)
            .Select(clip => clip.Asset!)
            .Distinct(StringComparer.Ordinal)
            .Sum(id => spec.Assets.TryGetValue(id, out var asset) ? File(asset.FullPath) : 0);
    }

    public static long File(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
