using RenderFarm.Rendering;
using RenderFarm.Timelines;
using Xunit;

namespace RenderFarm.Tests.Rendering;

public sealed class ChunkPlannerTests
{
    [Fact]
    public void Chunks_cover_every_frame_once_in_order_for_many_sizes_and_counts()
    {
        var random = new Random(1234);
        int[] sizes = [1, 2, 23, 24, 25, 47, 48, 49, 100, 239, 240, 241, 299, 1000, 4321, 86_400];
        foreach (var total in sizes)
        {
            foreach (var wanted in Enumerable.Range(1, 25))
            {
                var timeline = RandomTimeline(random, total);
                var options = new ChunkingOptions { ChunkCount = wanted, SnapWindowFraction = random.NextDouble() / 2 };

                var chunks = ChunkPlanner.Plan(timeline, options);

                var context = $"{total} frames in {wanted} chunks: {string.Join(" ", chunks)}";
                Assert.True(chunks[0].Start == 0, context);
                Assert.True(chunks[^1].End == total, context);
                Assert.True(chunks.Zip(chunks.Skip(1)).All(pair => pair.First.End == pair.Second.Start), context);
                Assert.True(chunks.All(c => c.Count > 0), context);
                Assert.True(chunks.Count == Math.Min(wanted, Math.Max(1, total / ChunkingOptions.DefaultMinimumFrames)), context);
                Assert.True(chunks.Count == 1 || chunks.All(c => c.Count >= ChunkingOptions.DefaultMinimumFrames), context);
            }
        }
    }

    [Fact]
    public void The_count_is_reduced_so_that_no_chunk_is_below_the_minimum()
    {
        var chunks = ChunkPlanner.Plan(Timeline(100), new ChunkingOptions { ChunkCount = 10 });

        Assert.Equal([new(0, 25), new(25, 25), new(50, 25), new(75, 25)], chunks);
    }

    [Fact]
    public void A_custom_minimum_is_respected()
    {
        var chunks = ChunkPlanner.Plan(Timeline(1000), new ChunkingOptions { ChunkCount = 50, MinimumFrames = 300 });

        Assert.Equal(3, chunks.Count);
        Assert.All(chunks, c => Assert.True(c.Count >= 300));
    }

    [Fact]
    public void A_timeline_shorter_than_the_minimum_is_one_chunk()
    {
        Assert.Equal([new FrameRange(0, 10)], ChunkPlanner.Plan(Timeline(10), new ChunkingOptions { ChunkCount = 4 }));
    }

    [Fact]
    public void Without_count_or_target_the_timeline_is_one_chunk()
    {
        Assert.Equal([new FrameRange(0, 300)], ChunkPlanner.Plan(Timeline(300, 100, 200), new ChunkingOptions()));
    }

    [Fact]
    public void Without_boundaries_nearby_the_cuts_split_evenly()
    {
        var chunks = ChunkPlanner.Plan(Timeline(300, 50, 260), new ChunkingOptions { ChunkCount = 3 });

        Assert.Equal([new(0, 100), new(100, 100), new(200, 100)], chunks);
    }

    [Fact]
    public void Cuts_snap_to_the_nearest_clip_boundary_within_the_window()
    {
        // Even cuts at 100 and 200, window 25: 95 beats 80 and 120; 215 is the only one near 200.
        var timeline = Timeline(300, 80, 95, 120, 215);

        var chunks = ChunkPlanner.Plan(timeline, new ChunkingOptions { ChunkCount = 3 });

        Assert.Equal([new(0, 95), new(95, 120), new(215, 85)], chunks);
    }

    [Fact]
    public void Boundaries_on_any_video_track_count_and_ties_go_to_the_earlier_one()
    {
        var timeline = Timeline(300, 90) with
        {
            VideoTracks = [.. Timeline(300, 90).VideoTracks, .. Timeline(300, 110).VideoTracks],
        };

        Assert.Equal(90, ChunkPlanner.Plan(timeline, new ChunkingOptions { ChunkCount = 3 })[1].Start);
    }

    [Fact]
    public void A_window_of_zero_never_snaps()
    {
        var chunks = ChunkPlanner.Plan(Timeline(300, 99, 201), new ChunkingOptions { ChunkCount = 3, SnapWindowFraction = 0 });

        Assert.Equal([new(0, 100), new(100, 100), new(200, 100)], chunks);
    }

    [Fact]
    public void Snapping_never_makes_a_chunk_shorter_than_the_minimum()
    {
        // Even cut at 30, window 15: 20 would leave 20 frames before it, 40 would leave 20 after it.
        var chunks = ChunkPlanner.Plan(Timeline(60, 20, 40), new ChunkingOptions { ChunkCount = 2, SnapWindowFraction = 0.5 });

        Assert.Equal([new(0, 30), new(30, 30)], chunks);
    }

    [Theory]
    [InlineData(100, 3)]
    [InlineData(70, 5)]
    [InlineData(299, 2)]
    [InlineData(1000, 1)]
    public void A_target_size_sets_how_many_chunks(int target, int expectedCount)
    {
        var chunks = ChunkPlanner.Plan(Timeline(300), new ChunkingOptions { TargetFrames = target });

        Assert.Equal(expectedCount, chunks.Count);
        Assert.All(chunks, c => Assert.True(c.Count <= target));
    }

    public static TheoryData<string, ChunkingOptions> InvalidOptions => new()
    {
        { "ChunkCount", new ChunkingOptions { ChunkCount = 2, TargetFrames = 100 } },
        { "ChunkCount", new ChunkingOptions { ChunkCount = 0 } },
        { "TargetFrames", new ChunkingOptions { TargetFrames = -1 } },
        { "MinimumFrames", new ChunkingOptions { MinimumFrames = 0 } },
        { "SnapWindowFraction", new ChunkingOptions { SnapWindowFraction = 0.6 } },
        { "SnapWindowFraction", new ChunkingOptions { SnapWindowFraction = -0.1 } },
        { "SnapWindowFraction", new ChunkingOptions { SnapWindowFraction = double.NaN } },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Invalid_options_are_refused_naming_the_option(string option, ChunkingOptions options)
    {
        var refused = Assert.Throws<ArgumentException>(() => ChunkPlanner.Plan(Timeline(300), options));

        Assert.Contains(option, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_timeline_without_frames_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ChunkPlanner.Plan(Timeline(0), new ChunkingOptions()));
    }

    /// <summary>A timeline of <paramref name="total"/> frames whose single track has clips ending at each of <paramref name="cuts"/>.</summary>
    private static Timeline Timeline(int total, params int[] cuts)
    {
        int[] edges = [0, .. cuts, total];
        var clips = edges.Zip(edges.Skip(1))
            .Select(e => new VideoClip { Kind = ClipKind.Color, Color = "#000000", Start = e.First, Duration = e.Second - e.First })
            .ToList();
        return new Timeline
        {
            Version = RenderFarm.Timelines.Timeline.CurrentVersion,
            Output = new OutputSpec { Width = 640, Height = 360, FrameRate = new Rational(30, 1), DurationFrames = total },
            VideoTracks = [new VideoTrack { Clips = clips }],
        };
    }

    private static Timeline RandomTimeline(Random random, int total)
    {
        var cuts = Enumerable.Range(0, random.Next(0, 12))
            .Select(_ => random.Next(1, Math.Max(2, total)))
            .Where(cut => cut < total)
            .Distinct()
            .Order()
            .ToArray();
        return Timeline(total, cuts);
    }
}
