namespace RenderFarm.Jobs;

/// <summary>
/// One update on a job's progress stream. Updates are ordered by <see cref="Revision"/>;
/// <see cref="FramesDone"/> never goes down, even when a chunk is rendered again elsewhere; the last
/// update of a job has a terminal <see cref="State"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("RenderFarm.JobProgress")]
public sealed record JobProgress(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] JobState State,
    [property: Id(2)] int FramesDone,
    [property: Id(3)] int TotalFrames,
    [property: Id(4)] int ChunksDone,
    [property: Id(5)] int ChunksTotal,
    [property: Id(6)] string? OutputPath,
    [property: Id(7)] string? Error,
    [property: Id(8)] JobRevision Revision = default)
{
    public static JobProgress From(JobStatus status) =>
        new(status.JobId, status.State, status.FramesDone, status.TotalFrames, status.ChunksDone, status.Chunks.Count, status.OutputPath, status.Error, status.Revision);
}
