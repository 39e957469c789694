using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using RenderFarm.Jobs;
using RenderFarm.Nodes;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;
using RenderFarm.Storage;
using RenderFarm.Storage.Cache;
using RenderFarm.Timelines;

namespace RenderFarm.Costs;

/// <summary>
/// Estimates a render before it is submitted (<see cref="ICostEstimatorGrain"/>): checks it as a submit
/// does, cuts it as its job would, and asks the pool's cost model, scheduler and node registry what it
/// would take. It starts no render and keeps nothing: a stateless worker on whichever silo it reaches.
/// </summary>
[StatelessWorker]
public sealed class CostEstimatorGrain(IMediaStore store, AssetCache uploads, PriceBook prices, IOptions<WorkLimits> workLimits, TimeProvider clock) : Grain, ICostEstimatorGrain
{
    async Task<EstimateResult> ICostEstimatorGrain.EstimateAsync(Timeline timeline, JobOptions options)
    {
        var errors = JobOptionsRules.Check(options).Concat(TimelineValidator.Validate(timeline)).ToList();
        if (errors.Count == 0)
            errors.AddRange(WorkLimitCheck.Check(timeline, options, workLimits.Value));
        if (errors.Count > 0)
            return EstimateResult.Refused(errors);
        var pool = PoolOf(options);
        var farm = FarmView.ReadAsync(GrainFactory, pool);
        ResolvedTimeline resolved;
        try
        {
            resolved = await TimelineLoader.ResolveAsync(timeline, store.AssetsRoot, uploads);
        }
        catch (TimelineValidationException e)
        {
            return EstimateResult.Refused(e.Errors);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return EstimateResult.Refused([new ValidationError("assets", $"cannot be read on the farm: {e.Message}")]);
        }
        var view = await farm;
        if (view.Nodes.Count == 0)
            return EstimateResult.Refused([new ValidationError("options.pool", $"pool {pool} has no render nodes to estimate on")]);
        // As the job cuts it: the client's count, or its length, or one chunk per render slot of the pool.
        var count = options.ChunkCount ?? (options.ChunkFrames is null ? Math.Max(1, view.Nodes.Sum(n => n.Slots)) : null);
        var chunks = ChunkPlanner.Plan(timeline, ChunkingOptions.ForJob(options, workLimits.Value.MaxInputsPerRun, count));
        return EstimateResult.Of(Estimate(resolved, chunks, options, view));
    }

    async Task<CostEstimate> ICostEstimatorGrain.EstimatePlannedAsync(ResolvedTimeline timeline, IReadOnlyList<FrameRange> chunks, JobOptions options)
    {
        var pool = PoolOf(options);
        var view = await FarmView.ReadAsync(GrainFactory, pool);
        if (view.Nodes.Count == 0)
            throw new InvalidOperationException($"pool {pool} has no render nodes to estimate on");
        return Estimate(timeline, chunks, options, view);
    }

    private CostEstimate Estimate(ResolvedTimeline timeline, IReadOnlyList<FrameRange> chunks, JobOptions options, FarmView farm)
    {
        var nodes = farm.Nodes.Select(n => EstimateNodes.Of(n, prices.Catalogue, farm.Model)).ToList();
        return new EstimateCalculation(farm.Model, nodes, farm.QueuedOrders, clock.GetUtcNow())
            .Estimate(timeline, chunks, options, farm.Nodes.FirstOrDefault()?.Capabilities.Price.Currency ?? "USD");
    }

    /// <summary>The job's pool: the client always names one; the default pool for a caller that does not.</summary>
    private static string PoolOf(JobOptions options) => options.Pool ?? RenderFarmNames.DefaultPool;
}
