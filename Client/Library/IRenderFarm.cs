using RenderFarm.Jobs;
using RenderFarm.Timelines;

namespace RenderFarm.Client;

/// <summary>What a host application (a video editor) does with the render farm.</summary>
public interface IRenderFarm
{
    /// <summary>Validates and queues a timeline; a refused one throws <see cref="TimelineValidationException"/> naming every field at fault.</summary>
    Task<JobStatus> SubmitJobAsync(Timeline timeline, JobOptions? options = null, CancellationToken cancellationToken = default);

    Task<JobStatus> CancelJobAsync(Guid jobId, CancellationToken cancellationToken = default);

    Task<JobStatus> GetJobStatusAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary>The job's current progress, then every change until it ends; frame counts never go down.</summary>
    IAsyncEnumerable<JobProgress> WatchJobAsync(Guid jobId, CancellationToken cancellationToken = default);

    Task<ClusterStatus> GetClusterStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>One page of the farm's jobs, newest first; pass the page's <see cref="JobPage.NextPageToken"/> back for the next.</summary>
    /// <exception cref="ArgumentException">A field of the query is out of range; the message names it.</exception>
    Task<JobPage> ListJobsAsync(JobQuery query, CancellationToken cancellationToken = default);
}
