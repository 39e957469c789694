using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using RenderFarm.Costs;
using RenderFarm.Jobs;
using RenderFarm.Tests.Farm;
using RenderFarm.Tests.Support;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Costs;

/// <summary>One in-process farm of one silo with two render slots on spot-priced machines, shared by the estimator's tests; they start no job.</summary>
public sealed class SpotPricedFarm : IAsyncLifetime
{
    public const string Instance = "aws/us-east-1/g4dn.xlarge/spot";

    public TestFarm Farm { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Farm = await TestFarm.StartAsync(silos: 1, slotsPerSilo: 2, configureSilo: services => services.Configure<CostOptions>(c => c.Instance = Instance));

    public async ValueTask DisposeAsync() => await Farm.DisposeAsync();
}

/// <summary>Estimates before submit, on a farm: quick, nothing rendered, refusals by field, spot and on-demand, deadlines.</summary>
public sealed class CostEstimatorTests(SpotPricedFarm fixture) : IClassFixture<SpotPricedFarm>
{

    [Fact]
    public async Task An_estimate_of_the_simple_sample_is_quick_starts_no_job_and_prices_spot_below_on_demand()
    {
        var ct = TestContext.Current.CancellationToken;
        var timeline = await Simple(ct);
        await fixture.Farm.Farm.EstimateCostAsync(timeline, cancellationToken: ct);

        var times = new List<double>();
        CostEstimate estimate = null!;
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            estimate = await fixture.Farm.Farm.EstimateCostAsync(timeline, cancellationToken: ct);
            times.Add(clock.Elapsed.TotalSeconds);
        }

        // The fastest of three on a warm farm (the machine is shared: one call may wait for the cores).
        Assert.True(times.Min() < 1.0, $"estimates took {string.Join(", ", times.Select(t => $"{t:0.000} s"))}");
        Assert.Empty((await fixture.Farm.Farm.ListJobsAsync(new JobQuery(), ct)).Jobs);
        var scheduler = (await fixture.Farm.Farm.GetClusterStatusAsync(ct)).Scheduler;
        Assert.Equal((0, 0, 0L), (scheduler.Queued, scheduler.Running, scheduler.DispatchedTotal));

        // One chunk per render slot, as a submit without a count is cut.
        Assert.Equal((2, 1, 2), (estimate.Chunks, estimate.Servers, estimate.Slots));
        Assert.True(estimate.RenderTime > TimeSpan.Zero && estimate.WallTime > TimeSpan.Zero && estimate.WallTime < estimate.RenderTime,
            $"render {estimate.RenderTime}, wall {estimate.WallTime}");
        Assert.Equal(TimeSpan.Zero, estimate.QueueWait);
        Assert.Equal("USD", estimate.Currency);
        var spot = Assert.IsType<EstimateScenario>(estimate.Spot);
        Assert.True(spot.Cost > 0 && spot.Cost < estimate.OnDemand.Cost, $"spot {spot.Cost}, on demand {estimate.OnDemand.Cost}");
        // g4dn.xlarge: 0.2104 spot, 0.526 on demand per hour, shared by 2 render slots and the assembly slot, for the render time.
        Assert.Equal((decimal)estimate.RenderTime.TotalSeconds * 0.526m / 3 / 3600, estimate.OnDemand.Cost, 4);
        Assert.Equal((double)(0.2104m / 0.526m), (double)(spot.Cost / estimate.OnDemand.Cost), 3);
        Assert.True(estimate.OnDemand.CostLow < estimate.OnDemand.Cost && estimate.OnDemand.Cost < estimate.OnDemand.CostHigh);
        // The allowance for reclaims widens spot's high bound beyond the model's own range.
        Assert.True(spot.CostHigh > spot.Cost * (1 + (decimal)estimate.Uncertainty));
        Assert.InRange(estimate.LargestChunkCost, 0.0000001m, estimate.OnDemand.Cost);
        Assert.Equal(estimate.OnDemand.Cost, estimate.PriorityDelivery.Cost);
        Assert.True(estimate.PriorityDelivery.CompletionAt <= estimate.CompletionAt);
        Assert.Equal((0, CostModel.DefaultRelativeError), (estimate.CalibrationSamples, estimate.Uncertainty));
        Assert.InRange(estimate.EstimatedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
        Assert.Null(estimate.Deadline);
        Assert.Null(estimate.MeetsDeadline);
    }

    [Fact]
    public async Task A_bad_timeline_its_missing_media_and_bad_options_are_refused_by_field()
    {
        var ct = TestContext.Current.CancellationToken;
        var timeline = await Simple(ct);
        var broken = timeline with
        {
            VideoTracks = [timeline.VideoTracks[0] with { Clips = [timeline.VideoTracks[0].Clips[0] with { Duration = -5 }, .. timeline.VideoTracks[0].Clips.Skip(1)] }, .. timeline.VideoTracks.Skip(1)],
        };
        var missing = timeline with { Assets = new Dictionary<string, AssetRef>(timeline.Assets) { ["b"] = new() { Path = "not-there.mp4" } } };

        var structure = await Assert.ThrowsAsync<TimelineValidationException>(() => fixture.Farm.Farm.EstimateCostAsync(broken, cancellationToken: ct));
        var media = await Assert.ThrowsAsync<TimelineValidationException>(() => fixture.Farm.Farm.EstimateCostAsync(missing, cancellationToken: ct));
        var options = await Assert.ThrowsAsync<TimelineValidationException>(() => fixture.Farm.Farm.EstimateCostAsync(timeline, new JobOptions { ChunkCount = 0 }, ct));

        Assert.Contains(structure.Errors, e => e.Field == "videoTracks[0].clips[0].duration");
        Assert.Contains(media.Errors, e => e.Field.StartsWith("assets.b", StringComparison.Ordinal));
        Assert.Equal("options.chunkCount", Assert.Single(options.Errors).Field);
        Assert.Empty((await fixture.Farm.Farm.ListJobsAsync(new JobQuery(), ct)).Jobs);
    }

    [Fact]
    public async Task A_deadline_is_met_missed_or_met_on_more_servers()
    {
        var ct = TestContext.Current.CancellationToken;
        var timeline = await Simple(ct);
        var plain = await fixture.Farm.Farm.EstimateCostAsync(timeline, new JobOptions { ChunkCount = 8 }, ct);

        var far = await fixture.Farm.Farm.EstimateCostAsync(timeline, new JobOptions { ChunkCount = 8, Deadline = DateTimeOffset.UtcNow.AddHours(1) }, ct);
        var tight = await fixture.Farm.Farm.EstimateCostAsync(timeline, new JobOptions { ChunkCount = 8, Deadline = DateTimeOffset.UtcNow + plain.WallTime * 0.6 }, ct);
        var impossible = await fixture.Farm.Farm.EstimateCostAsync(timeline, new JobOptions { ChunkCount = 8, Deadline = DateTimeOffset.UtcNow.AddMilliseconds(10) }, ct);

        Assert.Equal((true, 1), (far.MeetsDeadline, far.ServersForDeadline));
        Assert.False(tight.MeetsDeadline);
        Assert.NotNull(tight.ServersForDeadline);
        Assert.InRange(tight.ServersForDeadline!.Value, 2, 8);
        Assert.False(impossible.MeetsDeadline);
        Assert.Null(impossible.ServersForDeadline);
        Assert.Equal(8, far.Chunks);
    }

    private static async Task<Timeline> Simple(CancellationToken ct)
    {
        await SampleMedia.EnsureAsync();
        return await TimelineJson.ReadFileAsync(Path.Combine(RepositoryPaths.Samples, "simple.json"), ct);
    }
}
