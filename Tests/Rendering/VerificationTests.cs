using RenderFarm.Rendering;
using RenderFarm.Tests.Support;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Rendering;

public sealed class VerificationTests
{
    private static Timeline ShortTimeline(QualityPreset preset = QualityPreset.Draft, VideoCodec? codec = null, Container? container = null) => new()
    {
        Version = 1,
        Output = new OutputSpec { Width = 320, Height = 180, FrameRate = new Rational(25, 1), DurationFrames = 50 },
        Assets = new Dictionary<string, AssetRef> { ["b"] = new() { Path = "b.mp4" } },
        VideoTracks = [new VideoTrack { Clips = [new VideoClip { Asset = "b", Start = 0, Duration = 50, Fit = Fit.Cover }] }],
        Render = new RenderSettings { Preset = preset, Codec = codec, Container = container },
    };

    [Fact]
    public async Task A_chunk_that_does_not_match_its_range_is_refused()
    {
        var timeline = await SampleMedia.ResolveAsync(ShortTimeline());
        using var directory = new TestDirectory("verify");
        var chunk = directory.File("chunk.mp4");
        await new ChunkRenderer(new FfmpegRunner(), new RenderEngineOptions()).RenderAsync(timeline, new FrameRange(0, 20), chunk, null, TestContext.Current.CancellationToken);

        var wrong = new ExpectedVideo(21, 320, 180, "hevc", timeline.Output.FrameRate);
        var error = await Assert.ThrowsAsync<RenderVerificationException>(() => MediaVerifier.VerifyChunkAsync(chunk, wrong, TestContext.Current.CancellationToken));

        Assert.Contains("20 frames, expected 21", error.Problems);
        Assert.Contains("codec h264, expected hevc", error.Problems);
    }

    [Fact]
    public async Task Chunks_with_a_gap_are_not_merged()
    {
        var timeline = await SampleMedia.ResolveAsync(ShortTimeline());
        using var directory = new TestDirectory("gap");
        var merger = new ChunkMerger(new FfmpegRunner());
        ChunkFile[] chunks = [new(new FrameRange(0, 20), directory.File("a.mp4")), new(new FrameRange(25, 25), directory.File("b.mp4"))];

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            merger.MergeAsync(timeline, chunks, directory.File("audio.m4a"), directory.File("out.mp4"), TestContext.Current.CancellationToken));

        Assert.Contains("does not start at frame 20", error.Message);
        Assert.False(File.Exists(directory.File("out.mp4")));
    }

    public static TheoryData<QualityPreset, VideoCodec?, Container?, string> Profiles => new()
    {
        { QualityPreset.Standard, VideoCodec.H265, Container.Mkv, "hevc" },
        { QualityPreset.Master, null, null, "prores" },
        { QualityPreset.High, null, Container.Mov, "h264" },
    };

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Every_codec_and_container_merges_to_a_verified_file(QualityPreset preset, VideoCodec? codec, Container? container, string probedCodec)
    {
        var timeline = await SampleMedia.ResolveAsync(ShortTimeline(preset, codec, container));
        var profile = EncodingProfiles.Resolve(timeline.Timeline.Render);
        using var directory = new TestDirectory("codecs");
        var engine = new RenderEngine(new FfmpegRunner(), new RenderEngineOptions { WorkDirectory = directory.File("work") });

        var report = await engine.RenderAsync(timeline, EvenSplit.Of(50, 3), directory.File("out" + profile.OutputExtension), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(probedCodec, report.Output.VideoCodec);
        Assert.Equal(50, report.Output.VideoFrames);
        Assert.Equal(2.0, report.Output.VideoDurationSeconds, precision: 2);
    }
}
