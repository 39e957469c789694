namespace RenderFarm.Costs;

/// <summary>What a pool's cost model stores: the window of recent finished attempts, oldest first. The fit is derived from them.</summary>
[GenerateSerializer, Alias("RenderFarm.CostModelState")]
public sealed class CostModelState
{
    [Id(0)] public List<CalibrationSample> Samples { get; set; } = [];
    [Id(1)] public DateTimeOffset? FittedAt { get; set; }
}
