namespace RenderFarm.Scaling;

/// <summary>
/// One per pool: launches machines when work queues up and drains and terminates them when it does not,
/// through the providers configured for the pool. A reminder drives it, so it carries on on another silo
/// when its own dies; its machines are in its record, and found again by their tags.
/// </summary>
[Alias("RenderFarm.Scaling.IAutoscalerGrain")]
public interface IAutoscalerGrain : IGrainWithStringKey
{
    /// <summary>Registers its reminder and runs a first evaluation; a pool without an autoscaler configured stays off.</summary>
    [Alias("EnsureRunning")] Task EnsureRunningAsync();

    /// <summary>
    /// Aims at <paramref name="target"/> nodes, within the pool's minimum and maximum, whatever the
    /// policies say, until <see cref="ClearTargetAsync"/>; it launches and drains as any decision does.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The target is negative or above the pool's maximum.</exception>
    [Alias("Scale")] Task<AutoscalerStatus> ScaleAsync(int target);

    /// <summary>Hands the pool back to the policies.</summary>
    [Alias("ClearTarget")] Task<AutoscalerStatus> ClearTargetAsync();

    /// <summary>Evaluates now rather than at the next tick.</summary>
    [Alias("Evaluate")] Task<AutoscalerStatus> EvaluateAsync();

    [Alias("GetStatus"), AlwaysInterleave] Task<AutoscalerStatus> GetStatusAsync();
}
