namespace RenderFarm.Scaling;

/// <summary>A pool's autoscaler: whether it runs, the nodes it aims at, its machines, the offers waiting out a provider's refusal, its latest decisions.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.Scaling.AutoscalerStatus")]
public sealed record AutoscalerStatus
{
    [Id(0)] public string Pool { get; init; } = "";
    [Id(1)] public bool Enabled { get; init; }
    /// <summary>A target an operator set (<c>scale</c>), which replaces the policies until it is cleared.</summary>
    [Id(2)] public int? ManualTarget { get; init; }
    [Id(3)] public int MinNodes { get; init; }
    [Id(4)] public int MaxNodes { get; init; }
    [Id(5)] public IReadOnlyList<MachineStatus> Machines { get; init; } = [];
    /// <summary>Offers (price catalogue keys) refused by their provider, until when, and why.</summary>
    [Id(6)] public IReadOnlyList<OfferBackoff> Backoffs { get; init; } = [];
    /// <summary>Newest last.</summary>
    [Id(7)] public IReadOnlyList<ScalingDecision> Decisions { get; init; } = [];
    /// <summary>What the machines not yet terminated cost per hour together.</summary>
    [Id(8)] public decimal CostPerHour { get; init; }
    /// <summary>The silo the autoscaler runs on now.</summary>
    [Id(9)] public SiloAddress? Silo { get; init; }
}

[GenerateSerializer, Immutable, Alias("RenderFarm.Scaling.OfferBackoff")]
public sealed record OfferBackoff(
    [property: Id(0)] string Instance,
    [property: Id(1)] DateTimeOffset Until,
    [property: Id(2)] string Error);
