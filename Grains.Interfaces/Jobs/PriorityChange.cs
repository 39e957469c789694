namespace RenderFarm.Jobs;

/// <summary>A change of a submitted job's priority class or deadline; what is left unset stays as it is.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.PriorityChange")]
public sealed record PriorityChange
{
    /// <summary>The new priority class, or null to keep the job's.</summary>
    [Id(0)] public JobPriority? Priority { get; init; }
    /// <summary>The new deadline (in the future), or null to keep the job's.</summary>
    [Id(1)] public DateTimeOffset? Deadline { get; init; }
    /// <summary>Drop the job's deadline (not together with <see cref="Deadline"/>).</summary>
    [Id(2)] public bool ClearDeadline { get; init; }
}
