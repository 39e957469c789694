using RenderFarm.Timelines;
using Xunit;

namespace RenderFarm.Tests.Timelines;

public sealed class TimelineValidatorTests
{
    private sealed record BadCase(Func<Timeline, Timeline> Break, string Field, string Rule);

    /// <summary>Each case breaks one thing in <see cref="SampleTimelines.Valid"/> and names the error it must cause.</summary>
    private static readonly Dictionary<string, BadCase> BadCases = new()
    {
        ["version 2"] = new(t => t with { Version = 2 }, "version", "must be 1"),
        ["no output"] = new(t => t with { Output = null! }, "output", "is required"),
        ["odd width"] = new(t => t.WithOutput(o => o with { Width = 1279 }), "output.width", "must be even"),
        ["tiny width"] = new(t => t.WithOutput(o => o with { Width = 8 }), "output.width", "between 16 and 7680"),
        ["huge height"] = new(t => t.WithOutput(o => o with { Height = 5000 }), "output.height", "between 16 and 4320"),
        ["zero frame rate"] = new(t => t.WithOutput(o => o with { FrameRate = new(0, 1) }), "output.frameRate", "must be a positive whole number"),
        ["zero denominator"] = new(t => t.WithOutput(o => o with { FrameRate = new(30, 0) }), "output.frameRate", "must be a positive whole number"),
        ["frame rate 500"] = new(t => t.WithOutput(o => o with { FrameRate = new(500, 1) }), "output.frameRate", "between 1 and 240"),
        ["frame rate 1/2"] = new(t => t.WithOutput(o => o with { FrameRate = new(1, 2) }), "output.frameRate", "between 1 and 240"),
        ["no frames"] = new(t => t.WithOutput(o => o with { DurationFrames = 0 }), "output.durationFrames", "must be > 0"),
        ["over 24 hours"] = new(t => t.WithOutput(o => o with { DurationFrames = 2_592_001 }), "output.durationFrames", "at most 2592000"),
        ["named background"] = new(t => t.WithOutput(o => o with { Background = "red" }), "output.background", "#RRGGBB"),
        ["short background"] = new(t => t.WithOutput(o => o with { Background = "#FFF" }), "output.background", "#RRGGBB"),
        ["non-hex background"] = new(t => t.WithOutput(o => o with { Background = "#12345G" }), "output.background", "#RRGGBB"),
        ["sample rate"] = new(t => t.WithOutput(o => o with { Audio = new() { SampleRate = 12345 } }), "output.audio.sampleRate", "must be one of"),
        ["channel layout"] = new(t => t.WithOutput(o => o with { Audio = new() { ChannelLayout = "7.1" } }), "output.audio.channelLayout", "mono, stereo, 5.1"),
        ["asset id"] = new(t => t with { Assets = new Dictionary<string, AssetRef>(t.Assets) { ["bad id!"] = new() { Path = "x.mp4" } } },
            "assets.\"bad id!\"", "letters, digits"),
        ["empty path"] = new(t => t.WithAsset("clip", a => a with { Path = "" }), "assets.clip.path", "is required"),
        ["absolute path"] = new(t => t.WithAsset("clip", a => a with { Path = "/etc/passwd" }), "assets.clip.path", "relative"),
        ["drive letter"] = new(t => t.WithAsset("clip", a => a with { Path = "C:/video.mp4" }), "assets.clip.path", "relative"),
        ["dot-dot"] = new(t => t.WithAsset("clip", a => a with { Path = "media/../../x.mp4" }), "assets.clip.path", "'..'"),
        ["backslash"] = new(t => t.WithAsset("clip", a => a with { Path = "media\\clip.mp4" }), "assets.clip.path", "'\\'"),
        ["control character"] = new(t => t.WithAsset("clip", a => a with { Path = "media/clip\n.mp4" }), "assets.clip.path", "control characters"),
        ["protocol"] = new(t => t.WithAsset("clip", a => a with { Path = "concat:a.mp4|b.mp4" }), "assets.clip.path", "':'"),
        ["sequence pattern"] = new(t => t.WithAsset("clip", a => a with { Path = "media/frame%03d.png" }), "assets.clip.path", "'%'"),
        ["short sha256"] = new(t => t.WithAsset("clip", a => a with { Sha256 = "abc123" }), "assets.clip.sha256", "64 hexadecimal"),
        ["negative start"] = new(t => t.WithVideoClip(0, 2, c => c with { Start = -1 }), "videoTracks[0].clips[2].start", ">= 0"),
        ["zero duration"] = new(t => t.WithVideoClip(0, 2, c => c with { Duration = 0 }), "videoTracks[0].clips[2].duration", "must be > 0"),
        ["past the end"] = new(t => t.WithVideoClip(0, 2, c => c with { Duration = 101 }), "videoTracks[0].clips[2].duration", "output.durationFrames (300)"),
        ["video without asset"] = new(t => t.WithVideoClip(0, 0, c => c with { Asset = null }), "videoTracks[0].clips[0].asset", "is required"),
        ["unknown asset"] = new(t => t.WithVideoClip(0, 2, c => c with { Asset = "nope" }), "videoTracks[0].clips[2].asset", "must name an asset in assets"),
        ["colour missing"] = new(t => t.WithVideoClip(1, 1, c => c with { Color = null }), "videoTracks[1].clips[1].color", "is required"),
        ["colour function"] = new(t => t.WithVideoClip(1, 1, c => c with { Color = "rgb(1,2,3)" }), "videoTracks[1].clips[1].color", "#RRGGBB"),
        ["colour with filter"] = new(t => t.WithVideoClip(1, 1, c => c with { Color = "#FF0000,drawbox" }), "videoTracks[1].clips[1].color", "#RRGGBB"),
        ["title missing"] = new(t => t.WithVideoClip(1, 0, c => c with { Title = null }), "videoTracks[1].clips[0].title", "is required"),
        ["empty title"] = new(t => t.WithTitle(s => s with { Text = "" }), "videoTracks[1].clips[0].title.text", "must not be empty"),
        ["long title"] = new(t => t.WithTitle(s => s with { Text = new string('a', 1001) }), "videoTracks[1].clips[0].title.text", "at most 1000"),
        ["tiny font"] = new(t => t.WithTitle(s => s with { FontSize = 4 }), "videoTracks[1].clips[0].title.fontSize", "between 8 and 1000"),
        ["title colour"] = new(t => t.WithTitle(s => s with { Color = "white" }), "videoTracks[1].clips[0].title.color", "#RRGGBB"),
        ["title x outside"] = new(t => t.WithTitle(s => s with { X = 1280 }), "videoTracks[1].clips[0].title.x", "within the output frame"),
        ["title y outside"] = new(t => t.WithTitle(s => s with { Y = -1 }), "videoTracks[1].clips[0].title.y", "within the output frame"),
        ["negative sourceIn"] = new(t => t.WithVideoClip(0, 1, c => c with { SourceIn = -5 }), "videoTracks[0].clips[1].sourceIn", ">= 0"),
        ["sourceIn on image"] = new(t => t.WithVideoClip(0, 2, c => c with { SourceIn = 10 }), "videoTracks[0].clips[2].sourceIn", "must be 0 for kind image"),
        ["zero scale"] = new(t => t.WithVideoClip(1, 1, c => c with { Transform = c.Transform with { Scale = 0 } }), "videoTracks[1].clips[1].transform.scale", "> 0 and <= 4"),
        ["scale 4.5"] = new(t => t.WithVideoClip(1, 1, c => c with { Transform = c.Transform with { Scale = 4.5 } }), "videoTracks[1].clips[1].transform.scale", "> 0 and <= 4"),
        ["far x"] = new(t => t.WithVideoClip(1, 1, c => c with { Transform = c.Transform with { X = 5121 } }), "videoTracks[1].clips[1].transform.x", "between -5120 and 5120"),
        ["far y"] = new(t => t.WithVideoClip(1, 1, c => c with { Transform = c.Transform with { Y = -2881 } }), "videoTracks[1].clips[1].transform.y", "between -2880 and 2880"),
        ["opacity"] = new(t => t.WithVideoClip(1, 1, c => c with { Opacity = 1.5 }), "videoTracks[1].clips[1].opacity", "between 0 and 1"),
        ["negative fade"] = new(t => t.WithVideoClip(0, 0, c => c with { FadeIn = -1 }), "videoTracks[0].clips[0].fadeIn", ">= 0"),
        ["fades too long"] = new(t => t.WithVideoClip(0, 0, c => c with { FadeIn = 100, FadeOut = 30 }), "videoTracks[0].clips[0].fadeOut", "must not exceed the clip's duration (120)"),
        ["loud clip"] = new(t => t.WithVideoClip(0, 0, c => c with { Volume = 5 }), "videoTracks[0].clips[0].volume", "between 0 and 4"),
        ["overlap"] = new(t => t.WithVideoTrack(0, v => v with { Transitions = [] }), "videoTracks[0].clips[1].start", "overlaps clips[0], which ends at frame 120"),
        ["out of order"] = new(t => t.WithVideoTrack(1, v => v with { Clips = [v.Clips[1], v.Clips[0]] }), "videoTracks[1].clips[1].start", "must be after the start of clips[0]"),
        ["overlap past a transition"] = new(t => t.WithVideoTrack(0, _ => ThreeWayOverlap()), "videoTracks[0].clips[2].start", "overlaps clips[0], which ends at frame 100"),
        ["transition index"] = new(t => t.WithVideoTrack(0, v => v with { Transitions = [new() { FromClip = 2, Duration = 20 }] }), "videoTracks[0].transitions[0].fromClip", "between 0 and 1"),
        ["two transitions"] = new(t => t.WithVideoTrack(0, v => v with { Transitions = [v.Transitions[0], v.Transitions[0]] }), "videoTracks[0].transitions[1].fromClip", "already has a transition"),
        ["transition length 0"] = new(t => t.WithVideoTrack(0, v => v with { Transitions = [new() { FromClip = 0, Duration = 0 }] }), "videoTracks[0].transitions[0].duration", "must be > 0"),
        ["transition longer than clip"] = new(t => t.WithVideoTrack(0, v => v with { Transitions = [new() { FromClip = 0, Duration = 110 }] }), "videoTracks[0].transitions[0].duration", "clips[1] (100)"),
        ["transition overlap"] = new(t => t.WithVideoTrack(0, v => v with { Transitions = [new() { FromClip = 0, Duration = 30 }] }), "videoTracks[0].clips[1].start", "must be 90"),
        ["audio without asset"] = new(t => t.WithAudioClip(0, 0, c => c with { Asset = "" }), "audioTracks[0].clips[0].asset", "is required"),
        ["audio unknown asset"] = new(t => t.WithAudioClip(0, 0, c => c with { Asset = "nope" }), "audioTracks[0].clips[0].asset", "must name an asset in assets"),
        ["audio negative start"] = new(t => t.WithAudioClip(0, 0, c => c with { Start = -1 }), "audioTracks[0].clips[0].start", ">= 0"),
        ["audio zero duration"] = new(t => t.WithAudioClip(0, 0, c => c with { Duration = 0 }), "audioTracks[0].clips[0].duration", "must be > 0"),
        ["audio past the end"] = new(t => t.WithAudioClip(0, 0, c => c with { Start = 1 }), "audioTracks[0].clips[0].duration", "output.durationFrames (300)"),
        ["audio negative sourceIn"] = new(t => t.WithAudioClip(0, 0, c => c with { SourceIn = -1 }), "audioTracks[0].clips[0].sourceIn", ">= 0"),
        ["audio volume"] = new(t => t.WithAudioClip(0, 0, c => c with { Volume = -0.5 }), "audioTracks[0].clips[0].volume", "between 0 and 4"),
        ["audio fades"] = new(t => t.WithAudioClip(0, 0, c => c with { FadeIn = 280 }), "audioTracks[0].clips[0].fadeOut", "must not exceed"),
        ["audio overlap"] = new(t => t with { AudioTracks = [new() { Clips = [.. t.AudioTracks[0].Clips, new() { Asset = "music", Start = 100, Duration = 50 }] }] },
            "audioTracks[0].clips[1].start", "overlaps clips[0]"),
        ["crf 60"] = new(t => t.WithRender(r => r with { Crf = 60 }), "render.crf", "between 0 and 51"),
        ["crf with proRes"] = new(t => t.WithRender(r => r with { Codec = VideoCodec.ProRes, Container = Container.Mov, Crf = 18 }), "render.crf", "only to h264 and h265"),
        ["crf on master"] = new(t => t.WithRender(r => r with { Preset = QualityPreset.Master, Crf = 18 }), "render.crf", "only to h264 and h265"),
        ["crf and bitrate"] = new(t => t.WithRender(r => r with { Crf = 20, VideoBitrateKbps = 5000 }), "render.crf", "cannot be combined with videoBitrateKbps"),
        ["low bitrate"] = new(t => t.WithRender(r => r with { VideoBitrateKbps = 50 }), "render.videoBitrateKbps", "between 100 and 500000"),
        ["proRes in mp4"] = new(t => t.WithRender(r => r with { Codec = VideoCodec.ProRes, Container = Container.Mp4 }), "render.container", "must be mov or mkv for proRes"),
        ["master in mp4"] = new(t => t.WithRender(r => r with { Preset = QualityPreset.Master, Container = Container.Mp4 }), "render.container", "must be mov or mkv for proRes"),
    };

    public static TheoryData<string> BadCaseNames => new(BadCases.Keys);

    [Theory]
    [MemberData(nameof(BadCaseNames))]
    public void A_broken_timeline_is_refused_naming_the_field_and_rule(string name)
    {
        var bad = BadCases[name];

        var errors = TimelineValidator.Validate(bad.Break(SampleTimelines.Valid()));

        Assert.True(
            errors.Any(e => e.Field == bad.Field && e.Rule.Contains(bad.Rule, StringComparison.Ordinal)),
            $"Expected '{bad.Field}: ...{bad.Rule}...' among:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
    }

    [Fact]
    public void The_valid_sample_has_no_errors() =>
        Assert.Empty(TimelineValidator.Validate(SampleTimelines.Valid()));

    [Theory]
    [InlineData(QualityPreset.Master, null, null)]
    [InlineData(QualityPreset.Standard, VideoCodec.ProRes, null)]
    [InlineData(QualityPreset.Draft, VideoCodec.ProRes, Container.Mkv)]
    [InlineData(QualityPreset.High, VideoCodec.H265, Container.Mkv)]
    public void Codec_and_container_combinations_that_work_are_accepted(QualityPreset preset, VideoCodec? codec, Container? container) =>
        Assert.Empty(TimelineValidator.Validate(SampleTimelines.Valid().WithRender(_ => new() { Preset = preset, Codec = codec, Container = container })));

    [Fact]
    public void Every_error_is_reported_not_just_the_first()
    {
        var timeline = SampleTimelines.Valid()
            .WithOutput(o => o with { Width = 1279 })
            .WithVideoClip(0, 2, c => c with { Duration = 0 })
            .WithAudioClip(0, 0, c => c with { Volume = 9 })
            .WithRender(r => r with { Crf = 99 });

        var fields = TimelineValidator.Validate(timeline).Select(e => e.Field).ToList();

        Assert.Equal(
            ["output.width", "videoTracks[0].clips[2].duration", "audioTracks[0].clips[0].volume", "render.crf"],
            fields);
    }

    [Fact]
    public void Missing_parts_of_parsed_json_are_errors_not_crashes()
    {
        var timeline = TimelineJson.Parse("""
            {
              "version": 1, "output": null, "assets": { "a": null },
              "videoTracks": [null, { "clips": [null, { "kind": "title", "start": 0, "duration": 1, "transform": null }], "transitions": null }],
              "audioTracks": [{ "clips": null }], "render": null
            }
            """);

        var errors = TimelineValidator.Validate(timeline);

        Assert.Equal(
            ["output", "assets.a", "videoTracks[0]", "videoTracks[1].clips[0]", "videoTracks[1].clips[1].title",
             "videoTracks[1].clips[1].transform", "videoTracks[1].transitions", "audioTracks[0].clips", "render"],
            errors.Select(e => e.Field));
    }

    /// <summary>A [0,100), B [50,150) and C [60,160): each joined to the next, yet C reaches back into A.</summary>
    private static VideoTrack ThreeWayOverlap() => new()
    {
        Clips =
        [
            new() { Kind = ClipKind.Color, Color = "#000000", Start = 0, Duration = 100 },
            new() { Kind = ClipKind.Color, Color = "#FFFFFF", Start = 50, Duration = 100 },
            new() { Kind = ClipKind.Color, Color = "#FF0000", Start = 60, Duration = 100 },
        ],
        Transitions = [new() { FromClip = 0, Duration = 50 }, new() { FromClip = 1, Duration = 90 }],
    };
}
