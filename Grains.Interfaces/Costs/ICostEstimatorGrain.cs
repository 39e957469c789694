using RenderFarm.Jobs;
using RenderFarm.Rendering;
using RenderFarm.Timelines;

namespace RenderFarm.Costs;

/// <summary>Estimates renders from the pool's cost model and servers; runs on any silo, keeps nothing.</summary>
[Alias("RenderFarm.ICostEstimatorGrain")]
public interface ICostEstimatorGrain : IGrainWithIntegerKey
{
    /// <summary>Checks the timeline and its media as a submit would, cuts it as the job would be cut, and estimates it.</summary>
    [Alias("Estimate")] Task<EstimateResult> EstimateAsync(Timeline timeline, JobOptions options);

    /// <summary>Estimates a job already checked and cut (for its budget and its deadline's outlook).</summary>
    [Alias("EstimatePlanned")] Task<CostEstimate> EstimatePlannedAsync(ResolvedTimeline timeline, IReadOnlyList<FrameRange> chunks, JobOptions options);
}
