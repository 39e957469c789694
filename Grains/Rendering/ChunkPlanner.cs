using RenderFarm.Timelines;

namespace RenderFarm.Rendering;

/// <summary>
/// Cuts a timeline's frames into chunks that render independently: contiguous, in order, covering
/// every frame once. Cuts sit at the even split unless a clip boundary is near, because a cut on a
/// boundary keeps a clip from being decoded and composed by two workers. A chunk holding more clips than
/// one ffmpeg run should compose (<see cref="ChunkingOptions.MaxClipsPerChunk"/>) is cut again at clip
/// boundaries, so a dense stretch gets more, shorter chunks instead of one unbounded filter graph.
/// </summary>
public static class ChunkPlanner
{
    public static IReadOnlyList<FrameRange> Plan(Timeline timeline, ChunkingOptions options)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (timeline.Output is not { DurationFrames: > 0 } output)
            throw new ArgumentException("The timeline has no frames to render; validate it before planning.", nameof(timeline));

        var total = output.DurationFrames;
        var count = ChunkCountFor(total, options);
        var boundaries = ClipBoundaries(timeline, total);
        var snapWindow = (int)Math.Floor(options.SnapWindowFraction * total / count);

        var chunks = new List<FrameRange>(count);
        var previous = 0;
        for (var k = 1; k < count; k++)
        {
            // Room for this chunk and every chunk after it to reach the minimum.
            var earliest = previous + options.MinimumFrames;
            var latest = total - (count - k) * options.MinimumFrames;
            var even = (int)Math.Round((double)k * total / count, MidpointRounding.AwayFromZero);
            var cut = NearestBoundary(boundaries, even, snapWindow, earliest, latest) ?? Math.Clamp(even, earliest, latest);
            chunks.Add(new FrameRange(previous, cut - previous));
            previous = cut;
        }

        chunks.Add(new FrameRange(previous, total - previous));
        return options.MaxClipsPerChunk is { } most ? DenseStretches.Split(chunks, timeline, most) : chunks;
    }

    /// <summary>The wanted count, lowered until every chunk can have the minimum length.</summary>
    private static int ChunkCountFor(int total, ChunkingOptions options)
    {
        var wanted = options.ChunkCount
            ?? (options.TargetFrames is { } target ? (int)Math.Ceiling((double)total / target) : 1);
        var mostThatFit = Math.Max(1, total / options.MinimumFrames);
        return Math.Clamp(wanted, 1, mostThatFit);
    }

    /// <summary>Every frame where a clip starts or ends on any video track, strictly inside the timeline.</summary>
    private static int[] ClipBoundaries(Timeline timeline, int total) =>
        timeline.VideoTracks
            .SelectMany(track => track.Clips)
            .SelectMany(clip => new[] { (long)clip.Start, (long)clip.Start + clip.Duration })
            .Where(frame => frame > 0 && frame < total)
            .Select(frame => (int)frame)
            .Distinct()
            .Order()
            .ToArray();

    /// <summary>The boundary nearest to <paramref name="even"/> within the window and the allowed range; the earlier one on a tie.</summary>
    private static int? NearestBoundary(int[] boundaries, int even, int window, int earliest, int latest)
    {
        var low = Math.Max(even - window, earliest);
        var high = Math.Min(even + window, latest);
        int? best = null;
        foreach (var boundary in boundaries)
        {
            if (boundary < low)
                continue;
            if (boundary > high)
                break;
            if (best is null || Math.Abs(boundary - even) < Math.Abs(best.Value - even))
                best = boundary;
        }

        return best;
    }
}
