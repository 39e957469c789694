using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using RenderFarm.Jobs;
using RenderFarm.Nodes;
using RenderFarm.Scheduling;
using RenderFarm.Timelines;

namespace RenderFarm.Client;

/// <summary><see cref="IRenderFarm"/> over an Orleans cluster client.</summary>
public sealed class RenderFarmClient(IClusterClient cluster, IOptions<RenderFarmClientOptions> options) : IRenderFarm
{
    private readonly RenderFarmClientOptions settings = options.Value;

    public async Task<JobStatus> SubmitJobAsync(Timeline timeline, JobOptions? jobOptions = null, CancellationToken cancellationToken = default)
    {
        var result = await Job(Guid.NewGuid()).SubmitAsync(new JobSubmission(timeline, jobOptions ?? new JobOptions())).WaitAsync(cancellationToken);
        return result.Status ?? throw new TimelineValidationException(result.Errors);
    }

    public Task<JobStatus> CancelJobAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        Job(jobId).CancelAsync().WaitAsync(cancellationToken);

    public Task<JobStatus> GetJobStatusAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        Job(jobId).GetStatusAsync().WaitAsync(cancellationToken);

    public async IAsyncEnumerable<JobProgress> WatchJobAsync(Guid jobId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var updates = Channel.CreateUnbounded<JobProgress>();
        var stream = cluster.GetStreamProvider(RenderFarmNames.Streams)
            .GetStream<JobProgress>(StreamId.Create(RenderFarmNames.JobProgressNamespace, jobId));
        var subscription = await stream.SubscribeAsync((update, _) =>
        {
            updates.Writer.TryWrite(update);
            return Task.CompletedTask;
        });
        try
        {
            // The status comes after subscribing, so no update falls between the two.
            var last = JobProgress.From(await GetJobStatusAsync(jobId, cancellationToken));
            yield return last;
            while (!last.State.IsTerminal())
            {
                var next = await NextAsync(jobId, updates.Reader, cancellationToken);
                next = next with { FramesDone = Math.Max(next.FramesDone, last.FramesDone) };
                if (next == last)
                    continue;
                last = next;
                yield return last;
            }
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    public async Task<ClusterStatus> GetClusterStatusAsync(CancellationToken cancellationToken = default)
    {
        var nodes = cluster.GetGrain<INodeRegistryGrain>(settings.Pool).GetNodesAsync();
        var scheduler = cluster.GetGrain<ISchedulerGrain>(settings.Pool).GetSnapshotAsync();
        return new ClusterStatus(settings.Pool, await nodes.WaitAsync(cancellationToken), await scheduler.WaitAsync(cancellationToken));
    }

    /// <summary>
    /// The next update from the stream, or the job's status when none came for a poll interval:
    /// in-memory streams lose updates queued on a silo that dies, and a watcher must still see the end.
    /// </summary>
    private async Task<JobProgress> NextAsync(Guid jobId, ChannelReader<JobProgress> updates, CancellationToken cancellationToken)
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        poll.CancelAfter(settings.WatchPollInterval);
        try
        {
            return await updates.ReadAsync(poll.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return JobProgress.From(await GetJobStatusAsync(jobId, cancellationToken));
        }
    }

    private IRenderJobGrain Job(Guid jobId) => cluster.GetGrain<IRenderJobGrain>(jobId);
}
