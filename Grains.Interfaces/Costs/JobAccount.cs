namespace RenderFarm.Costs;

/// <summary>Who pays for a job, and where it ran: the accounts its ledger posts to.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.JobAccount")]
public sealed record JobAccount(
    [property: Id(0)] string Name,
    [property: Id(1)] string User,
    [property: Id(2)] string Project,
    [property: Id(3)] string Pool);
