using RenderFarm.Notifications;
using RenderFarm.Scheduling;

namespace RenderFarm.Jobs;

/// <summary>Who submits a job and for which project, where it runs, how it is scheduled and cut.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.JobOptions")]
public sealed record JobOptions
{
    /// <summary>A name shown in status listings; defaults to the start of the job id.</summary>
    [Id(0)] public string? Name { get; init; }
    [Id(1)] public JobPriority Priority { get; init; } = JobPriority.Normal;
    /// <summary>Within a priority class, jobs whose deadline is nearer go first.</summary>
    [Id(2)] public DateTimeOffset? Deadline { get; init; }
    /// <summary>Wanted number of chunks; without it or <see cref="ChunkFrames"/> the farm picks one chunk per render slot.</summary>
    [Id(3)] public int? ChunkCount { get; init; }
    /// <summary>Wanted chunk length in frames.</summary>
    [Id(4)] public int? ChunkFrames { get; init; }
    /// <summary>The pool whose nodes render the job; the client fills in its own pool when unset.</summary>
    [Id(5)] public string? Pool { get; init; }
    /// <summary>Who submitted the job (listed and filtered by); the client fills in its user when unset.</summary>
    [Id(6)] public string? Submitter { get; init; }
    /// <summary>What a node must have to take the job's work.</summary>
    [Id(7)] public NodeRequirements Requirements { get; init; } = NodeRequirements.None;
    /// <summary>Who pays for the job (listed and filtered by); the client fills in its own project when unset.</summary>
    [Id(8)] public string? Project { get; init; }
    /// <summary>
    /// The most the job may cost (in the farm's currency): a job whose estimate is over it is refused;
    /// one whose real cost would pass it is held at the cap (<see cref="JobState.HeldAtCap"/>) until the
    /// cap is raised. Unset for no cap.
    /// </summary>
    [Id(9)] public decimal? MaxCost { get; init; }
    /// <summary>Where this job's notifications go, besides its submitter's own (<c>SetMyNotificationsAsync</c>). Unset for the submitter's alone.</summary>
    [Id(10)] public NotificationSettings? Notifications { get; init; }
}
