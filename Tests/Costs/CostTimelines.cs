using RenderFarm.Timelines;

namespace RenderFarm.Tests.Costs;

/// <summary>Resolved timelines made by hand (assets as if probed), so that features can be checked without media.</summary>
internal static class CostTimelines
{
    public static ResolvedAsset Video(string id, int width, int height, bool audio = false) =>
        new(id, $"/media/{id}.mp4", IsStillImage: false, HasVideo: true, HasAudio: audio, width, height, DurationSeconds: 60);

    public static ResolvedAsset Image(string id, int width, int height) =>
        new(id, $"/media/{id}.png", IsStillImage: true, HasVideo: true, HasAudio: false, width, height, double.PositiveInfinity);

    public static ResolvedAsset Sound(string id) =>
        new(id, $"/media/{id}.m4a", IsStillImage: false, HasVideo: false, HasAudio: true, 0, 0, DurationSeconds: 60);

    public static ResolvedTimeline Resolved(int width, int height, int frames, IReadOnlyList<VideoTrack> tracks, IReadOnlyList<ResolvedAsset> assets,
        IReadOnlyList<AudioTrack>? audio = null, QualityPreset preset = QualityPreset.Standard, int rate = 30) =>
        new(new Timeline
        {
            Version = Timeline.CurrentVersion,
            Output = new OutputSpec { Width = width, Height = height, FrameRate = new Rational(rate, 1), DurationFrames = frames },
            Assets = assets.ToDictionary(a => a.Id, a => new AssetRef { Path = Path.GetFileName(a.FullPath) }),
            VideoTracks = tracks,
            AudioTracks = audio ?? [],
            Render = new RenderSettings { Preset = preset },
        }, assets.ToDictionary(a => a.Id, StringComparer.Ordinal));

    /// <summary>One 1080p video clip the whole length of a 1080p timeline.</summary>
    public static ResolvedTimeline PlainCut(int frames, QualityPreset preset = QualityPreset.Standard) =>
        Resolved(1920, 1080, frames, [new VideoTrack { Clips = [new VideoClip { Asset = "a", Start = 0, Duration = frames }] }], [Video("a", 1920, 1080)], preset: preset);
}
