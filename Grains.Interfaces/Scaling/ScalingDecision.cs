namespace RenderFarm.Scaling;

/// <summary>One thing the autoscaler decided, with its reason: what the operator reads in <c>cluster</c>.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.Scaling.ScalingDecision")]
public sealed record ScalingDecision(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] ScalingAction Action,
    [property: Id(2)] int Machines,
    [property: Id(3)] string Reason);

[GenerateSerializer, Alias("RenderFarm.Scaling.ScalingAction")]
public enum ScalingAction
{
    Launch = 0,
    Drain = 1,
    Terminate = 2,
    /// <summary>An offer refused by its provider: the next one is tried, this one waits out a backoff.</summary>
    FallBack = 3,
    /// <summary>More was wanted than the limits allow (maximum nodes, cost per hour, launch rate).</summary>
    Held = 4,
    /// <summary>Which offers the launches are bought from: the expected cost of spot with its rework against on-demand, and the jobs' deadline slack.</summary>
    Choose = 5,
}
