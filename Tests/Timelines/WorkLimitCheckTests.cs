using RenderFarm.Jobs;
using RenderFarm.Rendering;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Timelines;

/// <summary>Jobs inside every range of the format that would still ask too much of the farm, refused by field.</summary>
public sealed class WorkLimitCheckTests
{
    private static readonly WorkLimits Defaults = new();
    private static readonly JobOptions Options = new() { ChunkCount = 4 };

    [Fact]
    public void A_valid_timeline_is_within_every_limit() =>
        Assert.Empty(WorkLimitCheck.Check(SampleTimelines.Valid(), Options, Defaults));

    [Fact]
    public void A_day_of_8K_at_240_fps_is_refused_by_its_pixels()
    {
        var timeline = ColourTimeline(clips: 1, clipFrames: 240 * 86_400, width: 7680, height: 4320, rate: 240);
        Assert.Empty(TimelineValidator.Validate(timeline));

        var error = Assert.Single(WorkLimitCheck.Check(timeline, Options, Defaults));

        Assert.Equal("output", error.Field);
        Assert.Contains("Limits:MaxPixelFrames", error.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Chunks_asked_for_by_length_are_counted_as_planned()
    {
        var hourAt240 = ColourTimeline(clips: 1, clipFrames: 240 * 3600, width: 640, height: 360, rate: 240);

        var error = Assert.Single(WorkLimitCheck.Check(hourAt240, new JobOptions { ChunkFrames = 24 }, Defaults));

        Assert.Equal("options.chunkFrames", error.Field);
        Assert.Contains("plans 36000 chunks", error.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_clips_are_refused_naming_the_tracks()
    {
        var timeline = ColourTimeline(clips: 100_000, clipFrames: 1);

        var errors = WorkLimitCheck.Check(timeline, Options, Defaults);

        var error = Assert.Single(errors, e => e.Field == "videoTracks");
        Assert.Contains("100000 clips", error.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_showing_more_clips_than_one_run_composes_is_refused_naming_the_frame()
    {
        var stacked = SampleTimelines.Valid() with
        {
            VideoTracks = Enumerable.Range(0, 70)
                .Select(i => new VideoTrack { Clips = [new VideoClip { Kind = ClipKind.Color, Color = "#10203040", Start = 10 + i, Duration = 100 }] })
                .ToList(),
        };

        var error = Assert.Single(WorkLimitCheck.Check(stacked, Options, Defaults));

        Assert.Equal("videoTracks", error.Field);
        Assert.Contains("70 clips are on screen together at frame 79", error.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void A_timeline_past_its_byte_limit_is_refused_as_the_document()
    {
        var error = Assert.Single(WorkLimitCheck.Check(SampleTimelines.Valid(), Options, new WorkLimits { MaxTimelineBytes = 1024 }));

        Assert.Equal("$", error.Field);
    }

    [Fact]
    public void A_dense_stretch_is_cut_into_chunks_of_at_most_the_clips_one_run_composes()
    {
        // 5 sparse clips of 200 frames, then 1,000 one-frame clips, then 5 more sparse ones.
        var sparse = Enumerable.Range(0, 5).Select(i => Colour(i * 200, 200));
        var dense = Enumerable.Range(0, 1000).Select(i => Colour(1000 + i, 1));
        var after = Enumerable.Range(0, 5).Select(i => Colour(2000 + i * 200, 200));
        var timeline = WithClips(sparse.Concat(dense).Concat(after).ToList(), frames: 3000);

        var chunks = ChunkPlanner.Plan(timeline, ChunkingOptions.ForJob(new JobOptions { ChunkCount = 3 }, maxClipsPerChunk: 64));

        Assert.Equal(Enumerable.Range(0, 3000), chunks.SelectMany(c => Enumerable.Range(c.Start, c.Count)));
        Assert.All(chunks, chunk => Assert.InRange(ClipsIn(timeline, chunk), 1, 64));
        Assert.InRange(chunks.Count, 3 + 1000 / 64, 3 + 1000 / 64 + 3);
        Assert.Empty(WorkLimitCheck.Check(timeline, new JobOptions { ChunkCount = 3 }, Defaults));
    }

    [Fact]
    public void A_timeline_file_past_the_byte_limit_is_refused_before_it_is_read()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, new string(' ', 4096));

            var refused = Assert.Throws<TimelineValidationException>(() => TimelineJson.ReadFileAsync(file, TestContext.Current.CancellationToken, maxBytes: 2048).GetAwaiter().GetResult());

            Assert.Equal("$", Assert.Single(refused.Errors).Field);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(nameof(WorkLimits.MaxInputsPerRun), 1)]
    [InlineData(nameof(WorkLimits.MaxChunks), 0)]
    [InlineData(nameof(WorkLimits.MaxClips), 0)]
    [InlineData(nameof(WorkLimits.MaxTimelineBytes), 10)]
    public void A_limit_out_of_its_range_stops_the_silo_naming_the_key(string key, int value)
    {
        var limits = new WorkLimits();
        typeof(WorkLimits).GetProperty(key)!.SetValue(limits, value);

        var result = new WorkLimitsValidator().Validate(null, limits);

        Assert.True(result.Failed);
        Assert.Contains($"Limits:{key}", result.FailureMessage, StringComparison.Ordinal);
    }

    private static int ClipsIn(Timeline timeline, FrameRange chunk) =>
        timeline.VideoTracks.SelectMany(t => t.Clips).Count(c => c.Start < chunk.Start + chunk.Count && c.End > chunk.Start);

    private static VideoClip Colour(int start, int duration) =>
        new() { Kind = ClipKind.Color, Color = "#336699", Start = start, Duration = duration };

    private static Timeline WithClips(IReadOnlyList<VideoClip> clips, int frames, int width = 640, int height = 360, int rate = 25) => new()
    {
        Version = Timeline.CurrentVersion,
        Output = new OutputSpec { Width = width, Height = height, FrameRate = new Rational(rate, 1), DurationFrames = frames },
        VideoTracks = [new VideoTrack { Clips = clips }],
    };

    private static Timeline ColourTimeline(int clips, int clipFrames, int width = 640, int height = 360, int rate = 25) =>
        WithClips(Enumerable.Range(0, clips).Select(i => Colour(i * clipFrames, clipFrames)).ToList(), clips * clipFrames, width, height, rate);
}
