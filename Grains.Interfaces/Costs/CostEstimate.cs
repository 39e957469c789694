namespace RenderFarm.Costs;

/// <summary>
/// What a render will cost and when it will finish, before it is submitted: the work's machine time
/// from the pool's cost model, spread over the pool's servers, priced on demand and (where the
/// catalogue has a spot price for the pool's machines) on spot, with what a deadline or priority
/// delivery changes. An estimate starts no render.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.CostEstimate")]
public sealed record CostEstimate
{
    /// <summary>Slot time of every piece (chunks, sound, merge) added up: what is billed.</summary>
    [Id(0)] public TimeSpan RenderTime { get; init; }
    /// <summary>From the first piece's start to the merge's end on <see cref="Servers"/>.</summary>
    [Id(1)] public TimeSpan WallTime { get; init; }
    [Id(2)] public int Servers { get; init; }
    [Id(3)] public int Slots { get; init; }
    [Id(4)] public int Chunks { get; init; }
    /// <summary>How long the work already queued ahead of it at its priority keeps its slots busy.</summary>
    [Id(5)] public TimeSpan QueueWait { get; init; }
    [Id(6)] public EstimateScenario OnDemand { get; init; } = null!;
    /// <summary>The same work on spot machines; null when the catalogue has no spot price for the pool's machines.</summary>
    [Id(7)] public EstimateScenario? Spot { get; init; }
    /// <summary>At urgent priority: nothing queued ahead of it.</summary>
    [Id(8)] public EstimateScenario PriorityDelivery { get; init; } = null!;
    [Id(9)] public DateTimeOffset? Deadline { get; init; }
    /// <summary>Whether the expected completion is before the deadline; null without one.</summary>
    [Id(10)] public bool? MeetsDeadline { get; init; }
    /// <summary>Servers of the pool's kind that would finish it by the deadline (for scaling out); null without a deadline or when none would.</summary>
    [Id(11)] public int? ServersForDeadline { get; init; }
    /// <summary>The cost of its most expensive chunk: a budget is never overshot by more.</summary>
    [Id(12)] public decimal LargestChunkCost { get; init; }
    [Id(13)] public string Currency { get; init; } = "USD";
    /// <summary>Finished attempts the cost model was calibrated on (0: its defaults).</summary>
    [Id(14)] public int CalibrationSamples { get; init; }
    /// <summary>The range's half-width as a fraction of the expected cost (0.1 = ±10 %).</summary>
    [Id(15)] public double Uncertainty { get; init; }
    [Id(16)] public DateTimeOffset EstimatedAt { get; init; }

    public DateTimeOffset CompletionAt => OnDemand.CompletionAt;
    public decimal Cost => OnDemand.Cost;
}

/// <summary>One way of running the work: its expected cost, the range it lies in, and when it completes.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.EstimateScenario")]
public sealed record EstimateScenario(
    [property: Id(0)] string Name,
    [property: Id(1)] decimal Cost,
    [property: Id(2)] decimal CostLow,
    [property: Id(3)] decimal CostHigh,
    [property: Id(4)] TimeSpan WallTime,
    [property: Id(5)] DateTimeOffset CompletionAt);
