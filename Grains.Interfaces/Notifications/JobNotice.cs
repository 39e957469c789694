namespace RenderFarm.Notifications;

/// <summary>What a job tells its notifications when an event happens: the event and the facts a notification shows.</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.JobNotice")]
public sealed record JobNotice
{
    [Id(0)] public NotificationEvent Event { get; init; }
    [Id(1)] public Guid JobId { get; init; }
    [Id(2)] public string Name { get; init; } = "";
    /// <summary>The job's state, as its status names it ("Completed", "HeldAtCap", "Rendering").</summary>
    [Id(3)] public string State { get; init; } = "";
    [Id(4)] public string Submitter { get; init; } = "";
    [Id(5)] public string Project { get; init; } = "";
    [Id(6)] public string? OutputPath { get; init; }
    [Id(7)] public string? Error { get; init; }
    /// <summary>What the job has cost so far (billed and running), in <see cref="Currency"/>.</summary>
    [Id(8)] public decimal CostSoFar { get; init; }
    [Id(9)] public string Currency { get; init; } = "";
    [Id(10)] public DateTimeOffset? Deadline { get; init; }
    /// <summary>When the job is expected to end, for a job with a deadline.</summary>
    [Id(11)] public DateTimeOffset? ExpectedEnd { get; init; }
    [Id(12)] public DateTimeOffset OccurredAt { get; init; }
    /// <summary>The job's own targets (its <c>JobOptions.Notifications</c>); its submitter's are added when it is delivered.</summary>
    [Id(13)] public IReadOnlyList<NotificationTarget> Targets { get; init; } = [];
}
