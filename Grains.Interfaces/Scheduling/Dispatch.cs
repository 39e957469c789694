namespace RenderFarm.Scheduling;

/// <summary>One dispatch the scheduler made: which attempt of which piece went to which node, when.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.Dispatch")]
public sealed record Dispatch(
    [property: Id(0)] WorkKey Work,
    [property: Id(1)] int Attempt,
    [property: Id(2)] string Node,
    [property: Id(3)] DateTimeOffset At);
