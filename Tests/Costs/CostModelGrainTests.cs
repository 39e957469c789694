using RenderFarm.Costs;
using RenderFarm.Jobs;
using RenderFarm.Scheduling;
using RenderFarm.Tests.Farm;
using static RenderFarm.Tests.Costs.CostTimelines;

namespace RenderFarm.Tests.Costs;

/// <summary>A pool's cost model as a grain: fed by finished attempts, refitted, stored so that it survives its activation.</summary>
public sealed class CostModelGrainTests
{
    [Fact]
    public async Task Its_calibration_survives_the_grain_being_deactivated_and_activated_again()
    {
        await using var farm = await TestFarm.StartAsync(silos: 2);
        var model = farm.Cluster.Client.GetGrain<ICostModelGrain>("calibrated");
        var features = WorkFeatureCounter.ForChunk(PlainCut(300), new(0, 150));
        // This pool's machine takes twice the defaults' time.
        var seconds = 2 * CostModel.Defaults.ReferenceSeconds(features);
        var samples = Enumerable.Range(0, 12).Select(i => new CalibrationSample(WorkKind.Chunk, features, 0, 1, seconds, DateTimeOffset.UtcNow)).ToList();

        await model.ReportAsync(samples);
        var fitted = await Eventually(model, m => m.Samples == 12);
        var management = farm.Cluster.Client.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero, TestContext.Current.CancellationToken);
        var again = await model.GetModelAsync();

        Assert.Equal(12, again.Samples);
        Assert.Equal(fitted.Coefficients, again.Coefficients);
        Assert.InRange(CostModel.From(again).ReferenceSeconds(features) / seconds, 0.95, 1.05);
        // Another pool's model is untouched.
        Assert.Equal(0, (await farm.Cluster.Client.GetGrain<ICostModelGrain>("other").GetModelAsync()).Samples);

        await model.ResetAsync();
        Assert.Equal(0, (await model.GetModelAsync()).Samples);
    }

    [Fact]
    public async Task A_finished_job_reports_its_chunks_sound_and_merge_to_its_pools_model()
    {
        await using var farm = await TestFarm.StartAsync(silos: 1, slotsPerSilo: 2);
        var ct = TestContext.Current.CancellationToken;
        var job = await farm.Farm.SubmitJobAsync(FarmTimelines.Small(60), new JobOptions { ChunkCount = 2 }, ct);
        var updates = await farm.WatchToEndAsync(job.JobId, TimeSpan.FromMinutes(3));
        Assert.Equal(JobState.Completed, updates[^1].State);
        var status = await farm.Farm.GetJobStatusAsync(job.JobId, ct);

        var model = await Eventually(farm.Cluster.Client.GetGrain<ICostModelGrain>(RenderFarmNames.DefaultPool), m => m.Samples == 4);

        Assert.Equal(4, model.Samples);
        var estimate = await farm.Farm.EstimateCostAsync(FarmTimelines.Small(60), new JobOptions { ChunkCount = 2 }, ct);
        Assert.Equal(4, estimate.CalibrationSamples);
        // Its own job again: four samples only pull the defaults part of the way, so only the order of magnitude is checked here (bench-estimate measures the rest).
        var took = status.Chunks.Concat([status.Sound!, status.Merge!]).Sum(p => (p.History[^1].EndedAt!.Value - p.History[^1].StartedAt).TotalSeconds);
        Assert.InRange(estimate.RenderTime.TotalSeconds / took, 0.25, 4.0);
    }

    private static async Task<CostModelSnapshot> Eventually(ICostModelGrain model, Func<CostModelSnapshot, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var snapshot = await model.GetModelAsync();
            if (condition(snapshot))
                return snapshot;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"the cost model {model.GetPrimaryKeyString()} has {snapshot.Samples} samples");
            await Task.Delay(100);
        }
    }
}
