using System.Globalization;
using RenderFarm.Jobs;
using RenderFarm.Timelines;

namespace RenderFarm.Rendering;

/// <summary>
/// Refuses, at submit and by field, a job that asks more of the farm than <see cref="WorkLimits"/>
/// allows. Run on a timeline the validator has accepted: the chunk count is the planner's own.
/// </summary>
public static class WorkLimitCheck
{
    public static IReadOnlyList<ValidationError> Check(Timeline timeline, JobOptions options, WorkLimits limits)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(limits);
        var errors = new List<ValidationError>();

        var bytes = TimelineJson.SizeInBytes(timeline);
        if (bytes > limits.MaxTimelineBytes)
            errors.Add(new("$", $"is {bytes} bytes as JSON; a timeline may be at most {limits.MaxTimelineBytes} ({WorkLimits.SectionName}:{nameof(WorkLimits.MaxTimelineBytes)})"));

        var output = timeline.Output;
        var pixelFrames = (long)output.Width * output.Height * output.DurationFrames;
        if (pixelFrames > limits.MaxPixelFrames)
            errors.Add(new("output", Invariant($"width × height × durationFrames is {pixelFrames} ({output.Width}×{output.Height}×{output.DurationFrames}); a job may render at most {limits.MaxPixelFrames} pixels in all ({WorkLimits.SectionName}:{nameof(WorkLimits.MaxPixelFrames)})")));

        var videoClips = timeline.VideoTracks.Sum(t => t.Clips.Count);
        var audioClips = timeline.AudioTracks.Sum(t => t.Clips.Count);
        if (videoClips + audioClips > limits.MaxClips)
            errors.Add(new(videoClips >= audioClips ? "videoTracks" : "audioTracks",
                $"the tracks hold {videoClips + audioClips} clips together ({videoClips} video, {audioClips} audio); a job may hold at most {limits.MaxClips} ({WorkLimits.SectionName}:{nameof(WorkLimits.MaxClips)})"));

        if (MostOnScreen(timeline) is { Clips: var together, Frame: var frame } && together > limits.MaxInputsPerRun)
            errors.Add(new("videoTracks", $"{together} clips are on screen together at frame {frame}; one chunk composes at most {limits.MaxInputsPerRun} ({WorkLimits.SectionName}:{nameof(WorkLimits.MaxInputsPerRun)})"));

        // Planning needs the bounds above to hold: a frame past the per-run bound cannot be cut.
        if (errors.Count == 0)
        {
            var chunks = ChunkPlanner.Plan(timeline, ChunkingOptions.ForJob(options, limits.MaxInputsPerRun)).Count;
            if (chunks > limits.MaxChunks)
                errors.Add(new(ChunkField(options), $"plans {chunks} chunks; a job may have at most {limits.MaxChunks} ({WorkLimits.SectionName}:{nameof(WorkLimits.MaxChunks)})"));
        }
        return errors;
    }

    private static string ChunkField(JobOptions options) =>
        options.ChunkFrames is not null ? "options.chunkFrames" : options.ChunkCount is not null ? "options.chunkCount" : "videoTracks";

    /// <summary>The most video clips covering one frame, and the first frame where they do.</summary>
    private static (int Clips, long Frame)? MostOnScreen(Timeline timeline)
    {
        // Ends sort before starts at the same frame: a clip ending where another starts is not beside it.
        var edges = timeline.VideoTracks
            .SelectMany(track => track.Clips)
            .SelectMany(clip => new[] { ((long)clip.Start, 1), ((long)clip.Start + clip.Duration, -1) })
            .OrderBy(edge => edge.Item1)
            .ThenBy(edge => edge.Item2);
        (int Clips, long Frame)? most = null;
        var now = 0;
        foreach (var (frame, change) in edges)
        {
            now += change;
            if (most is null || now > most.Value.Clips)
                most = (now, frame);
        }
        return most;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
