using Orleans.Streams;

namespace RenderFarm.Jobs;

/// <summary>
/// Publishes a job's progress on its stream: state changes at once, frame counts at most once per
/// flush, and never a frame count lower than one already published.
/// </summary>
internal sealed class JobProgressPublisher(IAsyncStream<JobProgress> stream)
{
    private int highestFrames;
    private JobProgress? pending;

    public static JobProgressPublisher For(Grain grain, Guid jobId) =>
        new(grain.GetStreamProvider(RenderFarmNames.Streams)
            .GetStream<JobProgress>(StreamId.Create(RenderFarmNames.JobProgressNamespace, jobId)));

    public Task PublishNowAsync(JobStatus status)
    {
        pending = null;
        return stream.OnNextAsync(Monotonic(status));
    }

    public void PublishLater(JobStatus status) => pending = Monotonic(status);

    public Task FlushAsync()
    {
        var update = pending;
        pending = null;
        return update is null ? Task.CompletedTask : stream.OnNextAsync(update);
    }

    private JobProgress Monotonic(JobStatus status)
    {
        highestFrames = Math.Max(highestFrames, status.FramesDone);
        return JobProgress.From(status) with { FramesDone = highestFrames };
    }
}
