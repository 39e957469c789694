namespace RenderFarm.Scheduling;

/// <summary>A job with work in the scheduler: its orders waiting for a slot and its attempts running (what the autoscaler chooses machines for).</summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.QueuedJob")]
public sealed record QueuedJob(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] DateTimeOffset? Deadline,
    [property: Id(2)] int Queued,
    [property: Id(3)] int Running);
