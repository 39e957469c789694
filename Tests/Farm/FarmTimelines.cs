using RenderFarm.Timelines;

namespace RenderFarm.Tests.Farm;

/// <summary>Small timelines over the sample media, quick enough to render many of in a test.</summary>
public static class FarmTimelines
{
    public static Timeline Small(int frames, string title = "farm") => new()
    {
        Version = 1,
        Output = new OutputSpec { Width = 320, Height = 180, FrameRate = new Rational(25, 1), DurationFrames = frames },
        Assets = new Dictionary<string, AssetRef> { ["a"] = new() { Path = "a.mp4" }, ["music"] = new() { Path = "music.m4a" } },
        VideoTracks =
        [
            new VideoTrack { Clips = [new VideoClip { Asset = "a", Start = 0, Duration = frames, Fit = Fit.Cover }] },
            new VideoTrack { Clips = [new VideoClip { Kind = ClipKind.Title, Start = 0, Duration = frames, Title = new TitleStyle { Text = title, FontSize = 24 } }] },
        ],
        AudioTracks = [new AudioTrack { Clips = [new AudioClip { Asset = "music", Start = 0, Duration = frames }] }],
        Render = new RenderSettings { Preset = QualityPreset.Draft },
    };

    /// <summary>A 1080p timeline whose chunks take a few seconds each, long enough to interrupt.</summary>
    public static Timeline Slow(int frames) => Small(frames) with
    {
        Output = new OutputSpec { Width = 1920, Height = 1080, FrameRate = new Rational(30, 1), DurationFrames = frames },
        Render = new RenderSettings { Preset = QualityPreset.High },
    };
}
