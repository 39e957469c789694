using System.Globalization;
using RenderFarm.Chunks;
using RenderFarm.Costs;
using RenderFarm.Jobs;
using RenderFarm.Rendering;
using RenderFarm.Tests.Farm;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Costs;

/// <summary>A job's cost cap while it runs: held at the cap with nothing lost, carried on when the cap is raised.</summary>
public sealed class FarmBudgetTests
{
    [Fact]
    public async Task A_job_whose_renderer_is_slower_than_expected_is_held_at_its_cap_within_one_chunk_and_completes_once_the_cap_is_raised()
    {
        using var prices = new PricedFarm();
        // The third chunk's first attempt takes half a minute instead of a second: far more than a chunk is expected to cost.
        using var ffmpeg = FaultyFfmpeg.SlowOnce(TimeSpan.FromSeconds(30), FaultyFfmpeg.ChunkRange(100, 50));
        var superviseInterval = TimeSpan.FromMilliseconds(500);
        await using var farm = await TestFarm.StartAsync(silos: 1, configureSilo: prices.Configure(f =>
        {
            f.SuperviseInterval = superviseInterval;
            f.StallTimeout = TimeSpan.FromMinutes(2);
            f.StragglerMinimum = TimeSpan.FromMinutes(5);
        }, ffmpeg));
        var ct = TestContext.Current.CancellationToken;
        // Above the job's estimate (about 5, from the cost model's defaults: so it is accepted), far below what the slow chunk costs.
        const decimal cap = 8m;

        var job = await farm.Farm.SubmitJobAsync(FarmTimelines.Small(200), new JobOptions { ChunkCount = 4, MaxCost = cap }, ct);
        var held = await FarmWaits.UntilAsync(farm, job.JobId, s => s.State == JobState.HeldAtCap, "the hold at its cap", TimeSpan.FromMinutes(1));

        // Nothing rendered is lost, and the overshoot is at most one chunk (the estimate's most expensive, or the most a completed one cost) and one check's worth.
        var chunkCost = Math.Max(held.Cost.Estimate?.LargestChunkCost ?? 0m, (await farm.Farm.GetBillingAsync(BillingQuery.ForJob(job.JobId), ct)).Attempts
            .Where(a => a.Piece.StartsWith("chunk", StringComparison.Ordinal) && a.Outcome == "completed")
            .Max(a => a.Amount));
        Assert.True(held.Cost.Actual <= cap + chunkCost + PricedFarm.SlotPerSecond * (decimal)superviseInterval.TotalSeconds,
            $"held with {held.Cost.Actual} spent, cap {cap}, a chunk costs {chunkCost}");
        Assert.True(held.Cost.Actual > cap - chunkCost, $"held early, with {held.Cost.Actual} spent of {cap}");
        Assert.Equal(0m, held.Cost.Running);
        Assert.Contains("held at its cost cap of 8.00", held.Cost.Hold);
        Assert.Equal(cap, held.Cost.Cap);
        var kept = held.Chunks.Where(c => c.State == ChunkState.Completed).Select(c => c.Index).ToList();
        Assert.Contains(0, kept);
        Assert.DoesNotContain(2, kept);
        await Assert.ThrowsAsync<InvalidOperationException>(() => farm.Farm.ResumeJobAsync(job.JobId, ct));

        // A cap that still leaves no room for a chunk keeps it held; a higher one lets it finish.
        var still = await farm.Farm.SetJobMaxCostAsync(job.JobId, held.Cost.Actual + 0.01m, ct);
        Assert.Equal(JobState.HeldAtCap, still.State);
        await farm.Farm.SetJobMaxCostAsync(job.JobId, 50m, ct);
        await farm.WatchToEndAsync(job.JobId, TimeSpan.FromMinutes(1));
        var done = await farm.Farm.GetJobStatusAsync(job.JobId, ct);

        Assert.True(done.State == JobState.Completed, $"{done.State}: {done.Error}");
        foreach (var index in kept)
            Assert.Single(done.Chunks[index].History);
        Assert.Equal(200, (await MediaProbe.ProbeAsync(done.OutputPath!, ct)).VideoFrames);
        Assert.Equal(CentRounding.ToCents(done.Cost.Billed), (await farm.Farm.GetBillingAsync(BillingQuery.ForJob(job.JobId), ct)).Total);
    }

    [Fact]
    public async Task A_job_whose_cap_is_below_its_estimate_is_refused_with_the_estimate_before_anything_renders()
    {
        using var prices = new PricedFarm();
        await using var farm = await TestFarm.StartAsync(silos: 1, configureSilo: prices.Configure());
        var ct = TestContext.Current.CancellationToken;
        var timeline = FarmTimelines.Small(200);
        var options = new JobOptions { ChunkCount = 4 };
        var estimate = await farm.Farm.EstimateCostAsync(timeline, options, ct);
        var cap = Math.Round(estimate.Cost / 2, 2);

        var job = await farm.Farm.SubmitJobAsync(timeline, options with { MaxCost = cap }, ct);
        await farm.WatchToEndAsync(job.JobId, TimeSpan.FromMinutes(1));
        var refused = await farm.Farm.GetJobStatusAsync(job.JobId, ct);

        Assert.Equal(JobState.Refused, refused.State);
        var why = Assert.Single(refused.Refusals);
        Assert.Equal("options.maxCost", why.Field);
        var expected = string.Create(CultureInfo.InvariantCulture, $"{cap:0.00} USD is below the estimate of {CentRounding.ToCents(refused.Cost.Estimate!.Cost):0.00} USD");
        Assert.Contains(expected, why.Rule);
        Assert.Equal(estimate.Cost, refused.Cost.Estimate.Cost, 2);
        Assert.Empty(refused.Chunks);
        Assert.Equal(0m, refused.Cost.Billed);
        Assert.Empty((await farm.Farm.GetBillingAsync(BillingQuery.ForJob(job.JobId), ct)).Attempts);
    }

    [Fact]
    public async Task A_cap_that_is_not_a_positive_amount_is_refused_by_field()
    {
        using var prices = new PricedFarm();
        await using var farm = await TestFarm.StartAsync(silos: 1, configureSilo: prices.Configure());
        var ct = TestContext.Current.CancellationToken;

        var refused = await Assert.ThrowsAsync<RenderFarm.Timelines.TimelineValidationException>(() =>
            farm.Farm.SubmitJobAsync(FarmTimelines.Small(50), new JobOptions { MaxCost = 0m }, ct));
        Assert.Contains(refused.Errors, e => e.Field == "options.maxCost");
        var job = await farm.Farm.SubmitJobAsync(FarmTimelines.Small(50), new JobOptions { MaxCost = 100m }, ct);
        var wrong = await Assert.ThrowsAsync<ArgumentException>(() => farm.Farm.SetJobMaxCostAsync(job.JobId, -1m, ct));
        Assert.Contains("options.maxCost", wrong.Message);
    }
}
