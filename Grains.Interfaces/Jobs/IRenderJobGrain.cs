using RenderFarm.Chunks;
using RenderFarm.Timelines;

namespace RenderFarm.Jobs;

/// <summary>One render job: validates and plans it, tracks its chunks, runs the sound and the merge.</summary>
[Alias("RenderFarm.IRenderJobGrain")]
public interface IRenderJobGrain : IGrainWithGuidKey
{
    [Alias("Submit")] Task<SubmissionResult> SubmitAsync(JobSubmission submission);
    [Alias("GetStatus"), AlwaysInterleave] Task<JobStatus> GetStatusAsync();
    [Alias("Cancel")] Task<JobStatus> CancelAsync();

    /// <summary>The validated timeline with resolved assets, for the chunks to render from.</summary>
    [Alias("GetRenderSpec"), AlwaysInterleave] Task<ResolvedTimeline> GetRenderSpecAsync();

    /// <summary>For a scheduler rebuilding its queue: the job's ticket and its unfinished chunks, with the node of any running attempt.</summary>
    [Alias("GetSchedulingView"), AlwaysInterleave] Task<JobSchedulingView?> GetSchedulingViewAsync();

    [Alias("ChunkStarted")] Task ChunkStartedAsync(ChunkReport report);
    [Alias("ChunkProgress"), OneWay] Task ChunkProgressAsync(ChunkReport report, int framesDone);
    [Alias("ChunkCompleted")] Task ChunkCompletedAsync(ChunkReport report, string outputPath);
    [Alias("ChunkFailed")] Task ChunkFailedAsync(ChunkReport report, string error);
}
