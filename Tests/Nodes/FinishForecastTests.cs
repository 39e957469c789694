using RenderFarm.Nodes;
using RenderFarm.Scaling.Reclaim;

namespace RenderFarm.Tests.Nodes;

/// <summary>Whether a running chunk finishes before its machine is reclaimed, from its rate so far.</summary>
public sealed class FinishForecastTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_rest_of_a_chunk_takes_as_long_per_frame_as_its_frames_so_far()
    {
        // 30 of 90 frames in 10 s: 60 more take 20 s.
        Assert.Equal(Now.AddSeconds(20), FinishForecast.ExpectedEnd(30, 90, TimeSpan.FromSeconds(10), Now));
        Assert.True(FinishForecast.FinishesBy(30, 90, TimeSpan.FromSeconds(10), Now, Now.AddSeconds(20)));
        Assert.False(FinishForecast.FinishesBy(30, 90, TimeSpan.FromSeconds(10), Now, Now.AddSeconds(19)));
    }

    [Fact]
    public void A_chunk_with_no_frame_yet_has_no_rate_and_is_not_expected_to_finish()
    {
        Assert.Null(FinishForecast.ExpectedEnd(0, 90, TimeSpan.FromSeconds(10), Now));
        Assert.False(FinishForecast.FinishesBy(0, 90, TimeSpan.FromSeconds(10), Now, Now.AddHours(1)));
    }

    [Fact]
    public void A_commit_margin_that_is_not_positive_or_outlasts_the_longest_notice_is_refused_by_name()
    {
        var result = new ReclaimOptionsValidator().Validate(null, new ReclaimOptions { CommitMargin = TimeSpan.FromMinutes(2) });

        Assert.Equal(["RenderNode:Reclaim:CommitMargin must be positive and under two minutes, the longest notice (was 00:02:00)"], result.Failures);
        Assert.True(new ReclaimOptionsValidator().Validate(null, new ReclaimOptions()).Succeeded);
    }
}
