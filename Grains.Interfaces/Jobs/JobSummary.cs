namespace RenderFarm.Jobs;

/// <summary>
/// One row of the job index: what a listing or a dashboard shows of a job without asking its grain.
/// The job grain records a new summary on every change of its state or counts.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.JobSummary")]
public sealed record JobSummary(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Pool,
    [property: Id(3)] string Submitter,
    [property: Id(4)] JobState State,
    [property: Id(5)] JobPriority Priority,
    [property: Id(6)] DateTimeOffset SubmittedAt,
    [property: Id(7)] DateTimeOffset? StartedAt,
    [property: Id(8)] DateTimeOffset? FinishedAt,
    [property: Id(9)] int TotalFrames,
    [property: Id(10)] int FramesDone,
    [property: Id(11)] int ChunksTotal,
    [property: Id(12)] int ChunksDone,
    [property: Id(13)] string? Error,
    // Ids in the order fields were added: a summary from an older silo has no project (the index keeps "").
    [property: Id(14)] string Project)
{
    /// <summary>The index keeps this much of <see cref="Error"/>; the job's own status has all of it.</summary>
    public const int MaxErrorLength = 500;

    public static JobSummary From(JobStatus status) =>
        new(status.JobId, status.Name, status.Pool, status.Submitter, status.State, status.Priority, status.SubmittedAt, status.StartedAt,
            status.FinishedAt, status.TotalFrames, status.FramesDone, status.Chunks.Count, status.ChunksDone, status.Error, status.Project);
}
