using RenderFarm.Timelines;

namespace RenderFarm.Tests.Timelines;

/// <summary>A valid timeline built in code, and small helpers to change one thing in it.</summary>
public static class SampleTimelines
{
    /// <summary>
    /// 1280x720 at 30 fps, 300 frames. Track 0: two video clips joined by a 20-frame crossfade, then a
    /// still. Track 1: a title, then a half-size translucent colour box. One music track.
    /// </summary>
    public static Timeline Valid() => new()
    {
        Version = Timeline.CurrentVersion,
        Output = new OutputSpec { Width = 1280, Height = 720, FrameRate = new Rational(30, 1), DurationFrames = 300 },
        Assets = new Dictionary<string, AssetRef>
        {
            ["clip"] = new() { Path = "media/clip.mp4" },
            ["logo"] = new() { Path = "media/logo.png" },
            ["music"] = new() { Path = "audio/music.wav" },
        },
        VideoTracks =
        [
            new VideoTrack
            {
                Clips =
                [
                    new VideoClip { Kind = ClipKind.Video, Asset = "clip", Start = 0, Duration = 120 },
                    new VideoClip { Kind = ClipKind.Video, Asset = "clip", SourceIn = 30, Start = 100, Duration = 100 },
                    new VideoClip { Kind = ClipKind.Image, Asset = "logo", Start = 200, Duration = 100, Fit = Fit.Cover },
                ],
                Transitions = [new Transition { FromClip = 0, Duration = 20 }],
            },
            new VideoTrack
            {
                Clips =
                [
                    new VideoClip
                    {
                        Kind = ClipKind.Title, Start = 30, Duration = 60, FadeIn = 10, FadeOut = 10,
                        Title = new TitleStyle { Text = "Hello", FontSize = 48, Color = "#FFFFFF", X = 100 },
                    },
                    new VideoClip
                    {
                        Kind = ClipKind.Color, Color = "#FF000080", Start = 150, Duration = 30, Opacity = 0.5,
                        Transform = new Transform { X = 640, Y = 360, Scale = 0.5 },
                    },
                ],
            },
        ],
        AudioTracks =
        [
            new AudioTrack { Clips = [new AudioClip { Asset = "music", Start = 0, Duration = 300, Volume = 0.8, FadeOut = 30 }] },
        ],
        Render = new RenderSettings { Preset = QualityPreset.Standard },
    };

    public static Timeline WithOutput(this Timeline timeline, Func<OutputSpec, OutputSpec> change) =>
        timeline with { Output = change(timeline.Output) };

    public static Timeline WithRender(this Timeline timeline, Func<RenderSettings, RenderSettings> change) =>
        timeline with { Render = change(timeline.Render) };

    public static Timeline WithAsset(this Timeline timeline, string id, Func<AssetRef, AssetRef> change) =>
        timeline with { Assets = new Dictionary<string, AssetRef>(timeline.Assets) { [id] = change(timeline.Assets[id]) } };

    public static Timeline WithVideoTrack(this Timeline timeline, int track, Func<VideoTrack, VideoTrack> change) =>
        timeline with { VideoTracks = Replace(timeline.VideoTracks, track, change) };

    public static Timeline WithVideoClip(this Timeline timeline, int track, int clip, Func<VideoClip, VideoClip> change) =>
        timeline.WithVideoTrack(track, t => t with { Clips = Replace(t.Clips, clip, change) });

    public static Timeline WithTitle(this Timeline timeline, Func<TitleStyle, TitleStyle> change) =>
        timeline.WithVideoClip(1, 0, c => c with { Title = change(c.Title!) });

    public static Timeline WithAudioClip(this Timeline timeline, int track, int clip, Func<AudioClip, AudioClip> change) =>
        timeline with
        {
            AudioTracks = Replace(timeline.AudioTracks, track, t => t with { Clips = Replace(t.Clips, clip, change) }),
        };

    public static IReadOnlyList<T> Replace<T>(IReadOnlyList<T> items, int index, Func<T, T> change) =>
        items.Select((item, i) => i == index ? change(item) : item).ToList();
}
