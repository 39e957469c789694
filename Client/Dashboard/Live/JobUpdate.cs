using RenderFarm.Dashboard.Pages.Shared;
using RenderFarm.Jobs;

namespace RenderFarm.Dashboard.Live;

/// <summary>What a page is told of a job's change: its row's figures.</summary>
public sealed record JobUpdate(Guid JobId, string Name, string State, string StateWords, string StateClass, bool Ended, int FramesDone, int TotalFrames, int ChunksDone, int ChunksTotal,
    string Submitter, string Project, string? Error)
{
    public static JobUpdate From(JobSummary job) => new(job.JobId, job.Name, job.State.ToString(), Show.Words(job.State), Show.StateClass(job.State), job.State.IsTerminal(), job.FramesDone, job.TotalFrames,
        job.ChunksDone, job.ChunksTotal, job.Submitter, job.Project, job.Error);
}
