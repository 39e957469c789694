using RenderFarm.Timelines;

namespace RenderFarm.Rendering;

/// <summary>
/// Cuts chunks that would compose too many clips into shorter ones. Each cut is placed at the start of
/// the first clip that would take a chunk past the bound, so every piece holds as many clips as it may.
/// A single frame showing more clips than the bound cannot be cut; <see cref="WorkLimitCheck"/> refuses it first.
/// </summary>
internal static class DenseStretches
{
    public static IReadOnlyList<FrameRange> Split(IReadOnlyList<FrameRange> chunks, Timeline timeline, int maxClips)
    {
        var clips = timeline.VideoTracks
            .SelectMany(track => track.Clips)
            .Select(clip => (Start: (long)clip.Start, End: (long)clip.Start + clip.Duration))
            .OrderBy(clip => clip.Start)
            .ToArray();
        if (clips.Length <= maxClips)
            return chunks;
        var pieces = new List<FrameRange>(chunks.Count);
        foreach (var chunk in chunks)
        {
            long from = chunk.Start, end = chunk.Start + chunk.Count;
            while (from < end)
            {
                var cut = Math.Min(end, CutAfter(clips, from, maxClips));
                pieces.Add(new FrameRange((int)from, (int)(cut - from)));
                from = cut;
            }
        }
        return pieces;
    }

    /// <summary>The furthest frame a chunk starting at <paramref name="from"/> may reach holding at most <paramref name="maxClips"/> clips.</summary>
    private static long CutAfter((long Start, long End)[] clips, long from, int maxClips)
    {
        var held = 0;
        foreach (var clip in clips)
        {
            if (clip.Start < from && clip.End <= from)
                continue;
            if (clip.Start >= from && held >= maxClips)
                return Math.Max(from + 1, clip.Start);
            held++;
        }
        return long.MaxValue;
    }
}
