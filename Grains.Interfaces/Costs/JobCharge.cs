namespace RenderFarm.Costs;

/// <summary>
/// Everything a job has been billed so far, by day (UTC, the day each attempt ended) and price, as its
/// ledger posts it to the accounts of its user, its project and its pool. A later charge of the same
/// job replaces an earlier one, so posting one twice bills nothing twice.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.JobCharge")]
public sealed record JobCharge(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] string Name,
    [property: Id(2)] string User,
    [property: Id(3)] string Project,
    [property: Id(4)] string Pool,
    [property: Id(5)] string Currency,
    [property: Id(6)] IReadOnlyList<DayCharge> Days,
    [property: Id(7)] long Revision,
    /// <summary>Its attempts ended by a machine's reclaim, with exact amounts; null when none was.</summary>
    [property: Id(8)] ReclaimTally? Reclaims = null);

[GenerateSerializer, Immutable, Alias("RenderFarm.DayCharge")]
public sealed record DayCharge(
    [property: Id(0)] DateOnly Day,
    [property: Id(1)] IReadOnlyList<BilledTime> Time);
