using RenderFarm.Jobs;

namespace RenderFarm.Scheduling;

/// <summary>What the scheduler orders and filters a job's work by.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.JobTicket")]
public sealed record JobTicket(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] JobPriority Priority,
    [property: Id(2)] DateTimeOffset? Deadline,
    [property: Id(3)] DateTimeOffset SubmittedAt)
{
    [Id(4)] public NodeRequirements Requirements { get; init; } = NodeRequirements.None;

    /// <summary>The job's user, whose running work its fair share counts (tickets stored before it have "").</summary>
    [Id(5)] public string Submitter { get; init; } = "";
}
