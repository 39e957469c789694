using Orleans.Streams;

namespace RenderFarm.Jobs;

/// <summary>
/// Publishes a job's progress on its stream, and its summary on its pool's job activity stream (what a
/// dashboard follows): state changes at once, other changes at most once per flush (the status is
/// built then, not at every report), never a frame count lower than one already published, each
/// update numbered after the last.
/// </summary>
internal sealed class JobProgressPublisher(IStreamProvider streams, Guid jobId)
{
    private readonly IAsyncStream<JobProgress> stream = streams.GetStream<JobProgress>(StreamId.Create(RenderFarmNames.JobProgressNamespace, jobId));
    private IAsyncStream<JobSummary>? poolStream;
    private int highestFrames;
    private long published;
    private bool pending;

    public static JobProgressPublisher For(Grain grain, Guid jobId) => new(grain.GetStreamProvider(RenderFarmNames.Streams), jobId);

    /// <summary>The revision of the next status: after every one handed out before.</summary>
    public JobRevision Next(long stored) => new(stored, ++published);

    public async Task PublishNowAsync(JobStatus status)
    {
        pending = false;
        var progress = Monotonic(status);
        await stream.OnNextAsync(progress);
        if (status.Pool.Length == 0)
            return;
        poolStream ??= streams.GetStream<JobSummary>(StreamId.Create(RenderFarmNames.PoolJobsNamespace, status.Pool));
        await poolStream.OnNextAsync(JobSummary.From(status) with { FramesDone = progress.FramesDone });
    }

    /// <summary>Something changed that the next flush publishes.</summary>
    public void PublishLater() => pending = true;

    public Task FlushAsync(Func<JobStatus> status) => pending ? PublishNowAsync(status()) : Task.CompletedTask;

    private JobProgress Monotonic(JobStatus status)
    {
        highestFrames = Math.Max(highestFrames, status.FramesDone);
        return JobProgress.From(status) with { FramesDone = highestFrames };
    }
}
