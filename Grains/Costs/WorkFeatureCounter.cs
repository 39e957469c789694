using RenderFarm.Rendering;
using RenderFarm.Scheduling;
using RenderFarm.Timelines;

namespace RenderFarm.Costs;

/// <summary>
/// Counts the <see cref="WorkFeatures"/> of a piece of a resolved timeline, following what
/// <see cref="VideoChunkGraph"/> makes ffmpeg do for a chunk: a canvas of the output size, each clip's
/// source decoded (from a little before the chunk, for a video), scaled to its box and overlaid, titles
/// drawn, fades as alpha ramps, then the encode.
/// </summary>
public static class WorkFeatureCounter
{
    /// <summary>
    /// Seconds decoded around a chunk's part of a video clip that it does not show: the seek pre-roll
    /// before, the look-ahead after, and on average half a second more from the keyframe before the
    /// seek point (editing media has a keyframe every second or so; the samples' every 30 frames).
    /// </summary>
    private static readonly double PrerollSeconds = 2 * VideoChunkGraph.SeekPreroll.TotalSeconds + 0.5;

    public static WorkFeatures For(WorkKind kind, ResolvedTimeline timeline, FrameRange range) => kind switch
    {
        WorkKind.Chunk => ForChunk(timeline, range),
        WorkKind.Sound => ForSound(timeline),
        WorkKind.Merge => ForMerge(timeline),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static WorkFeatures ForChunk(ResolvedTimeline timeline, FrameRange range)
    {
        var output = timeline.Output;
        var outputMp = Megapixels(output.Width, output.Height);
        var rate = output.FrameRate.Value;
        double composed = range.Count * outputMp, decoded = 0, titles = 0, fades = 0, inputs = 0;
        var motion = new List<(int Frame, double Area)>();
        foreach (var track in timeline.Timeline.VideoTracks)
        {
            for (var c = 0; c < track.Clips.Count; c++)
            {
                var clip = track.Clips[c];
                var shown = Overlap(range, clip.Start, clip.End);
                if (shown == 0)
                    continue;
                if (clip.Kind == ClipKind.Title)
                {
                    titles += shown;
                    continue;
                }
                var boxMp = outputMp * clip.Transform.Scale * clip.Transform.Scale;
                composed += shown * boxMp;
                if (clip.Kind is ClipKind.Video or ClipKind.Image && timeline.Assets.TryGetValue(clip.Asset!, out var asset))
                {
                    var sourceMp = Megapixels(asset.Width, asset.Height);
                    var extra = clip.Kind == ClipKind.Video ? PrerollSeconds * rate : 0;
                    inputs++;
                    decoded += (shown + extra) * sourceMp;
                }
                if (clip.Kind == ClipKind.Video)
                {
                    var area = Math.Min(1, clip.Transform.Scale * clip.Transform.Scale);
                    motion.Add((Math.Max(range.Start, clip.Start), area));
                    motion.Add((Math.Min(range.End, clip.End), -area));
                }
                var crossfadeIn = track.Transitions.FirstOrDefault(t => t.FromClip == c - 1)?.Duration ?? 0;
                var faded = clip.Opacity < 1
                    ? shown
                    : Overlap(range, clip.Start, clip.Start + Math.Max(crossfadeIn, clip.FadeIn)) + Overlap(range, clip.End - clip.FadeOut, clip.End);
                fades += Math.Min(shown, faded) * boxMp;
            }
        }
        var encoded = range.Count * outputMp * EncoderWeights.For(timeline.Timeline.Render);
        var moving = CoveredFrames(motion) / range.Count;
        return new WorkFeatures
        {
            Chunk = 1,
            Inputs = inputs,
            EncodedMegapixels = encoded * (moving + EncoderWeights.Still * (1 - moving)),
            ComposedMegapixels = composed,
            DecodedMegapixels = decoded,
            TitleFrames = titles,
            FadeMegapixels = fades,
        };
    }

    public static WorkFeatures ForSound(ResolvedTimeline timeline)
    {
        var rate = timeline.Output.FrameRate;
        var clips = timeline.Timeline.AudioTracks.SelectMany(t => t.Clips).Sum(c => rate.SecondsAt(c.Duration));
        var videoSound = timeline.Timeline.VideoTracks.SelectMany(t => t.Clips)
            .Where(c => c is { Kind: ClipKind.Video, Audio: true } && timeline.Assets.TryGetValue(c.Asset!, out var a) && a.HasAudio)
            .Sum(c => rate.SecondsAt(c.Duration));
        return new WorkFeatures { Sound = 1, SoundSeconds = rate.SecondsAt(timeline.Output.DurationFrames), AudioClipSeconds = clips + videoSound };
    }

    public static WorkFeatures ForMerge(ResolvedTimeline timeline) => new()
    {
        Merge = 1,
        MergedMegapixels = timeline.Output.DurationFrames * Megapixels(timeline.Output.Width, timeline.Output.Height),
    };

    /// <summary>Frames × the fraction of each covered by video (at most all of it), from the layers' starts and ends.</summary>
    private static double CoveredFrames(List<(int Frame, double Area)> changes)
    {
        double covered = 0, area = 0;
        var previous = 0;
        foreach (var (frame, change) in changes.OrderBy(c => c.Frame))
        {
            covered += (frame - previous) * Math.Min(1, Math.Max(0, area));
            area += change;
            previous = frame;
        }
        return covered;
    }

    private static double Megapixels(int width, int height) => width * (double)height / 1e6;

    private static int Overlap(FrameRange range, int start, int end) => Math.Max(0, Math.Min(range.End, end) - Math.Max(range.Start, start));
}
