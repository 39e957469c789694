using RenderFarm.Timelines;

namespace RenderFarm.Benchmarks;

/// <summary>Timelines of varied content over the sample media (samples/make-media.sh), for bench-estimate.</summary>
internal static class EstimateTimelines
{
    public sealed record Case(string Name, Timeline Timeline);

    /// <summary>What the model is calibrated on: plain cuts and a few overlays, at 720p and 1080p.</summary>
    public static IReadOnlyList<Case> Calibration =>
    [
        new("plain cuts 720p draft", PlainCuts(1280, 720, 180, QualityPreset.Draft)),
        new("plain cuts 1080p standard", PlainCuts(1920, 1080, 120, QualityPreset.Standard)),
        new("2 overlays + title 720p", Overlays(1280, 720, 150, layers: 2, title: true, QualityPreset.Standard)),
        new("3 overlays + logo 1080p draft", Overlays(1920, 1080, 120, layers: 3, title: false, QualityPreset.Draft, logo: true)),
    ];

    /// <summary>What it then estimates without having seen anything like it.</summary>
    public static IReadOnlyList<Case> Unseen =>
    [
        new("talking head 1080p", TalkingHead(300)),
        new("heavy picture-in-picture 720p", Overlays(1280, 720, 150, layers: 5, title: false, QualityPreset.Standard, fades: true)),
        new("titles only 1080p", TitlesOnly(180)),
    ];

    private static Timeline Base(int width, int height, int frames, QualityPreset preset, IReadOnlyList<VideoTrack> tracks) => new()
    {
        Version = Timeline.CurrentVersion,
        Output = new OutputSpec { Width = width, Height = height, FrameRate = new Rational(30, 1), DurationFrames = frames },
        Assets = new Dictionary<string, AssetRef>
        {
            ["a"] = new() { Path = "a.mp4" }, ["b"] = new() { Path = "b.mp4" }, ["odd"] = new() { Path = "odd.mp4" },
            ["logo"] = new() { Path = "logo.png" }, ["music"] = new() { Path = "music.m4a" },
        },
        VideoTracks = tracks,
        AudioTracks = [new AudioTrack { Clips = [new AudioClip { Asset = "music", Start = 0, Duration = frames, FadeIn = 10, FadeOut = 20 }] }],
        Render = new RenderSettings { Preset = preset },
    };

    /// <summary>Clips of a and b, 45 frames each, one after another.</summary>
    private static Timeline PlainCuts(int width, int height, int frames, QualityPreset preset)
    {
        var clips = new List<VideoClip>();
        for (var start = 0; start < frames; start += 45)
            clips.Add(new VideoClip { Asset = clips.Count % 2 == 0 ? "a" : "b", SourceIn = (start * 7) % 120, Start = start, Duration = Math.Min(45, frames - start), Audio = false });
        return Base(width, height, frames, preset, [new VideoTrack { Clips = clips }]);
    }

    /// <summary>A full-frame clip under <paramref name="layers"/> insets of a third to a half of the frame, overlapping in time.</summary>
    private static Timeline Overlays(int width, int height, int frames, int layers, bool title, QualityPreset preset, bool logo = false, bool fades = false)
    {
        var tracks = new List<VideoTrack> { new() { Clips = [new VideoClip { Asset = "a", Start = 0, Duration = frames, Audio = false }] } };
        string[] sources = ["b", "odd", "a"];
        for (var i = 0; i < layers; i++)
        {
            var start = i * frames / (2 * layers);
            var scale = 0.33 + 0.04 * i;
            tracks.Add(new VideoTrack
            {
                Clips =
                [
                    new VideoClip
                    {
                        Asset = sources[i % sources.Length], SourceIn = 10 * i, Start = start, Duration = frames - start, Audio = false,
                        Transform = new Transform { X = (int)(width * 0.1 * i), Y = (int)(height * 0.08 * i), Scale = scale },
                        FadeIn = fades ? 15 : 0, Opacity = fades && i % 2 == 1 ? 0.8 : 1,
                    },
                ],
            });
        }
        if (logo)
            tracks.Add(new VideoTrack { Clips = [new VideoClip { Kind = ClipKind.Image, Asset = "logo", Start = 0, Duration = frames, Transform = new Transform { X = width - 260, Y = 20, Scale = 0.2 } }] });
        if (title)
            tracks.Add(TitleTrack(frames / 4, frames / 2, "Overlays", height));
        return Base(width, height, frames, preset, tracks);
    }

    /// <summary>One long clip with its sound and a lower-third title over most of it.</summary>
    private static Timeline TalkingHead(int frames) => Base(1920, 1080, frames, QualityPreset.Standard,
    [
        new VideoTrack { Clips = [new VideoClip { Asset = "a", Start = 0, Duration = frames }] },
        TitleTrack(30, frames - 60, "Ana Example — Director", 1080, y: 860),
    ]);

    /// <summary>Three titles one after another on the background colour, nothing else.</summary>
    private static Timeline TitlesOnly(int frames) => Base(1920, 1080, frames, QualityPreset.Standard,
    [
        TitleTrack(0, frames / 3, "Chapter one", 1080),
        TitleTrack(frames / 3, frames / 3, "Chapter two", 1080),
        TitleTrack(2 * frames / 3, frames - 2 * frames / 3, "The end", 1080),
    ]);

    private static VideoTrack TitleTrack(int start, int duration, string text, int height, int? y = null) => new()
    {
        Clips =
        [
            new VideoClip
            {
                Kind = ClipKind.Title, Start = start, Duration = duration, FadeIn = 10, FadeOut = 10,
                Title = new TitleStyle { Text = text, FontSize = height / 12, Color = "#FFFFFF", Y = y },
            },
        ],
    };
}
