using System.Security.Cryptography;
using RenderFarm.Tests.Support;
using RenderFarm.Timelines;
using Xunit;

namespace RenderFarm.Tests.Timelines;

/// <summary>Loading against real (tiny) media: streams, lengths and hashes are checked against the clips.</summary>
public sealed class TimelineLoaderTests : IDisposable
{
    private static readonly Rational Rate = new(30, 1);
    private readonly TempDirectory root = new();

    public void Dispose() => root.Dispose();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_good_timeline_resolves_with_durations_and_flags()
    {
        await TestMedia.CreateVideoAsync(root.File("media/clip.mp4"), 160, 90, "30", seconds: 2, withAudio: true, Cancel);
        await TestMedia.CreateImageAsync(root.File("media/logo.png"), 64, 32, Cancel);
        await TestMedia.CreateAudioAsync(root.File("audio/tone.wav"), seconds: 2, cancellationToken: Cancel);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(root.File("media/logo.png"), Cancel)));
        var timeline = Timeline(
            assets: new() { ["clip"] = "media/clip.mp4", ["logo"] = "media/logo.png", ["tone"] = "audio/tone.wav", ["unused"] = "media/missing.mp4" },
            video: [Video("clip", sourceIn: 15, start: 0, duration: 45), new VideoClip { Kind = ClipKind.Image, Asset = "logo", Start = 45, Duration = 15 }],
            audio: [new AudioClip { Asset = "tone", Start = 0, Duration = 60 }])
            .WithAsset("logo", a => a with { Sha256 = sha256.ToUpperInvariant() });

        var resolved = await TimelineLoader.ResolveAsync(timeline, root.Path, Cancel);

        Assert.Same(timeline, resolved.Timeline);
        Assert.Equal(["clip", "logo", "tone"], resolved.Assets.Keys.Order());
        var clip = resolved.Assets["clip"];
        Assert.Equal((true, true, false, 160, 90), (clip.HasVideo, clip.HasAudio, clip.IsStillImage, clip.Width, clip.Height));
        Assert.InRange(clip.DurationSeconds, 1.99, 2.1);
        Assert.True(Path.IsPathFullyQualified(clip.FullPath) && File.Exists(clip.FullPath));
        var logo = resolved.Assets["logo"];
        Assert.Equal((true, false, true, 64, 32), (logo.HasVideo, logo.HasAudio, logo.IsStillImage, logo.Width, logo.Height));
        Assert.Equal(double.PositiveInfinity, logo.DurationSeconds);
        var tone = resolved.Assets["tone"];
        Assert.Equal((false, true, false), (tone.HasVideo, tone.HasAudio, tone.IsStillImage));
        Assert.InRange(tone.DurationSeconds, 1.99, 2.01);
    }

    [Fact]
    public async Task Loading_from_a_file_parses_and_resolves()
    {
        await TestMedia.CreateImageAsync(root.File("still.jpg"), cancellationToken: Cancel);
        var file = root.File("timeline.json");
        await File.WriteAllTextAsync(file, TimelineJson.Write(Timeline(
            assets: new() { ["still"] = "still.jpg" },
            video: [new VideoClip { Kind = ClipKind.Image, Asset = "still", Duration = 30 }])), Cancel);

        var resolved = await TimelineLoader.LoadAsync(file, root.Path, Cancel);

        Assert.True(resolved.Assets["still"].IsStillImage);
    }

    [Fact]
    public async Task A_source_range_beyond_the_assets_end_is_refused_with_both_lengths()
    {
        await TestMedia.CreateVideoAsync(root.File("clip.mp4"), seconds: 2, cancellationToken: Cancel);
        await TestMedia.CreateAudioAsync(root.File("tone.wav"), seconds: 1, cancellationToken: Cancel);
        var timeline = Timeline(
            assets: new() { ["clip"] = "clip.mp4", ["tone"] = "tone.wav" },
            video: [Video("clip", sourceIn: 30, start: 0, duration: 60)],
            audio: [new AudioClip { Asset = "tone", Start = 0, Duration = 45 }]);

        var errors = (await RefusedAsync(timeline)).Errors;

        Assert.Equal(["videoTracks[0].clips[0].duration", "audioTracks[0].clips[0].duration"], errors.Select(e => e.Field));
        Assert.Contains("3.000 s", errors[0].Rule, StringComparison.Ordinal);
        Assert.Contains("2.000 s", errors[0].Rule, StringComparison.Ordinal);
        Assert.Contains("1.500 s", errors[1].Rule, StringComparison.Ordinal);
        Assert.Contains("1.000 s", errors[1].Rule, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_range_may_end_exactly_at_the_assets_end_but_not_a_frame_later()
    {
        await TestMedia.CreateVideoAsync(root.File("clip.mp4"), seconds: 1, cancellationToken: Cancel);

        await TimelineLoader.ResolveAsync(Timeline(new() { ["clip"] = "clip.mp4" }, [Video("clip", 10, 0, 20)]), root.Path, Cancel);
        var errors = (await RefusedAsync(Timeline(new() { ["clip"] = "clip.mp4" }, [Video("clip", 11, 0, 20)]))).Errors;

        Assert.Equal("videoTracks[0].clips[0].duration", Assert.Single(errors).Field);
    }

    [Fact]
    public async Task A_sha256_mismatch_is_refused()
    {
        await TestMedia.CreateVideoAsync(root.File("clip.mp4"), cancellationToken: Cancel);
        var timeline = Timeline(new() { ["clip"] = "clip.mp4" }, [Video("clip", 0, 0, 30)])
            .WithAsset("clip", a => a with { Sha256 = new string('0', 64) });

        var error = Assert.Single((await RefusedAsync(timeline)).Errors);

        Assert.Equal("assets.clip.sha256", error.Field);
        Assert.Contains("does not match the file", error.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_used_as_video_and_a_video_used_as_image_are_refused()
    {
        await TestMedia.CreateImageAsync(root.File("logo.png"), cancellationToken: Cancel);
        await TestMedia.CreateVideoAsync(root.File("clip.mp4"), cancellationToken: Cancel);
        var timeline = Timeline(
            assets: new() { ["logo"] = "logo.png", ["clip"] = "clip.mp4" },
            video: [Video("logo", 0, 0, 10), new VideoClip { Kind = ClipKind.Image, Asset = "clip", Start = 10, Duration = 10 }]);

        var errors = (await RefusedAsync(timeline)).Errors;

        Assert.Equal(
            [
                new ValidationError("videoTracks[0].clips[0].asset", "must name a video asset; use kind image for stills"),
                new ValidationError("videoTracks[0].clips[1].asset", "must name a still image; use kind video for moving pictures"),
            ],
            errors);
    }

    [Fact]
    public async Task An_audio_clip_on_a_silent_asset_is_refused()
    {
        await TestMedia.CreateVideoAsync(root.File("silent.mp4"), withAudio: false, cancellationToken: Cancel);
        var timeline = Timeline(
            assets: new() { ["silent"] = "silent.mp4" },
            video: [],
            audio: [new AudioClip { Asset = "silent", Start = 0, Duration = 30 }]);

        var error = Assert.Single((await RefusedAsync(timeline)).Errors);

        Assert.Equal("audioTracks[0].clips[0].asset", error.Field);
        Assert.Contains("no audio stream", error.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Structural_errors_are_reported_before_any_file_is_opened()
    {
        var timeline = Timeline(new() { ["clip"] = "missing.mp4" }, [Video("clip", 0, 0, 30)])
            .WithOutput(o => o with { Width = 161 });

        var error = Assert.Single((await RefusedAsync(timeline)).Errors);

        Assert.Equal("output.width", error.Field);
    }

    private Task<TimelineValidationException> RefusedAsync(Timeline timeline) =>
        Assert.ThrowsAsync<TimelineValidationException>(() => TimelineLoader.ResolveAsync(timeline, root.Path, Cancel));

    private static VideoClip Video(string asset, int sourceIn, int start, int duration) =>
        new() { Kind = ClipKind.Video, Asset = asset, SourceIn = sourceIn, Start = start, Duration = duration };

    private static Timeline Timeline(Dictionary<string, string> assets, IReadOnlyList<VideoClip> video, IReadOnlyList<AudioClip>? audio = null) => new()
    {
        Version = RenderFarm.Timelines.Timeline.CurrentVersion,
        Output = new OutputSpec { Width = 160, Height = 90, FrameRate = Rate, DurationFrames = 60 },
        Assets = assets.ToDictionary(a => a.Key, a => new AssetRef { Path = a.Value }),
        VideoTracks = [new VideoTrack { Clips = video }],
        AudioTracks = audio is null ? [] : [new AudioTrack { Clips = audio }],
    };
}
