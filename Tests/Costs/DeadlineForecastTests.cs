using RenderFarm.Costs;
using RenderFarm.Jobs;

namespace RenderFarm.Tests.Costs;

public sealed class DeadlineForecastTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly CostEstimate Estimate = new()
    {
        WallTime = TimeSpan.FromMinutes(30),
        QueueWait = TimeSpan.FromMinutes(10),
        OnDemand = new EstimateScenario("on demand", 1m, 0.9m, 1.1m, TimeSpan.FromMinutes(30), T0.AddMinutes(40)),
        PriorityDelivery = new EstimateScenario("priority", 1m, 0.9m, 1.1m, TimeSpan.FromMinutes(30), T0.AddMinutes(30)),
    };

    [Fact]
    public void A_queued_job_is_expected_after_its_queue_wait_and_its_estimated_wall_time()
    {
        var outlook = DeadlineForecast.Of(T0.AddMinutes(45), JobState.Queued, T0, null, 0, 1000, Estimate, T0.AddMinutes(1))!;

        Assert.Equal(T0.AddMinutes(40), outlook.ExpectedEnd);
        Assert.True(outlook.OnTrack);
        Assert.Equal("estimate", outlook.Basis);
    }

    [Fact]
    public void Once_a_tenth_is_rendered_the_jobs_own_pace_decides()
    {
        // Started at 09:10, a quarter done at 09:30: it needs 80 minutes in all, so 10:30, past an 10:00 deadline.
        var outlook = DeadlineForecast.Of(T0.AddHours(1), JobState.Rendering, T0, T0.AddMinutes(10), 250, 1000, Estimate, T0.AddMinutes(30))!;

        Assert.Equal(T0.AddMinutes(90), outlook.ExpectedEnd);
        Assert.False(outlook.OnTrack);
        Assert.Equal("progress", outlook.Basis);
    }

    [Fact]
    public void Without_a_deadline_or_once_ended_there_is_no_outlook_and_without_an_estimate_none_before_a_tenth()
    {
        Assert.Null(DeadlineForecast.Of(null, JobState.Rendering, T0, T0, 500, 1000, Estimate, T0.AddMinutes(5)));
        Assert.Null(DeadlineForecast.Of(T0.AddHours(1), JobState.Completed, T0, T0, 1000, 1000, Estimate, T0.AddMinutes(5)));
        Assert.Null(DeadlineForecast.Of(T0.AddHours(1), JobState.Rendering, T0, T0, 10, 1000, null, T0.AddMinutes(5)));
    }
}
