using RenderFarm.Costs;

namespace RenderFarm.Jobs;

/// <summary>A job's money: its estimate, what its ended attempts were billed, what its running ones cost so far, its cap.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.JobCost")]
public sealed record JobCost
{
    /// <summary>Exact amount of every attempt that ended (its ledger bills the same, rounded to the cent on its bill).</summary>
    [Id(0)] public decimal Billed { get; init; }
    /// <summary>What the attempts running now have cost so far.</summary>
    [Id(1)] public decimal Running { get; init; }
    /// <summary>The estimate made when the job was accepted; null if none could be made.</summary>
    [Id(2)] public CostEstimate? Estimate { get; init; }
    /// <summary>The cap in force: the job's own, or what its user's monthly cap left it when it was accepted, whichever is lower.</summary>
    [Id(3)] public decimal? Cap { get; init; }
    [Id(4)] public string Currency { get; init; } = "USD";
    /// <summary>Why the job is held at its cap, with what it has spent; null when it is not.</summary>
    [Id(5)] public string? Hold { get; init; }

    public decimal Actual => Billed + Running;
}
