using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using RenderFarm.Client.Media;
using RenderFarm.Chunks;
using RenderFarm.Costs;
using RenderFarm.Jobs;
using RenderFarm.Media;
using RenderFarm.Metrics;
using RenderFarm.Nodes;
using RenderFarm.Notifications;
using RenderFarm.Rendering;
using RenderFarm.Scaling;
using RenderFarm.Scheduling;
using RenderFarm.Timelines;

namespace RenderFarm.Client;

/// <summary><see cref="IRenderFarm"/> over an Orleans cluster client.</summary>
public sealed class RenderFarmClient(IClusterClient cluster, IOptions<RenderFarmClientOptions> options) : IRenderFarm
{
    private readonly RenderFarmClientOptions settings = options.Value;
    private readonly FarmMetricsReader metrics = new(cluster, options.Value.Pool, TimeProvider.System);

    public async Task<JobStatus> SubmitJobAsync(Timeline timeline, JobOptions? jobOptions = null, CancellationToken cancellationToken = default)
    {
        TimelineJson.EnsureWithin(timeline, settings.MaxTimelineBytes);
        var options = WithClientDefaults(jobOptions);
        options = options with
        {
            ChunkCount = options.ChunkCount ?? (options.ChunkFrames is null ? await PoolSlotsAsync(options.Pool!, cancellationToken) : null),
        };
        var result = await Job(Guid.NewGuid()).SubmitAsync(new JobSubmission(timeline, options)).WaitAsync(cancellationToken);
        return result.Status ?? throw new TimelineValidationException(result.Errors);
    }

    public Task<UploadedTimeline> UploadAssetsAsync(Timeline timeline, string assetsFolder, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new AssetUploader(cluster).UploadAsync(timeline, assetsFolder, progress, cancellationToken);

    public Task<OutputFile> DownloadOutputAsync(Guid jobId, string targetFile, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new OutputDownloader(cluster).DownloadAsync(jobId, targetFile, progress, cancellationToken);

    public Task<PurgeReport> PurgeMediaAsync(PurgeRequest request, CancellationToken cancellationToken = default)
    {
        request.Validate();
        return cluster.GetGrain<IRetentionGrain>(0).PurgeAsync(request).WaitAsync(cancellationToken);
    }

    public async Task<CostEstimate> EstimateCostAsync(Timeline timeline, JobOptions? jobOptions = null, CancellationToken cancellationToken = default)
    {
        TimelineJson.EnsureWithin(timeline, settings.MaxTimelineBytes);
        // Without a chunk count or length the estimator cuts one chunk per render slot, as a submit would.
        var options = WithClientDefaults(jobOptions);
        var result = await cluster.GetGrain<ICostEstimatorGrain>(0).EstimateAsync(timeline, options).WaitAsync(cancellationToken);
        return result.Estimate ?? throw new TimelineValidationException(result.Errors);
    }

    public async Task<JobStatus> RetryJobAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        var status = await GetJobStatusAsync(jobId, cancellationToken);
        if (!status.State.IsTerminal())
            throw new InvalidOperationException($"job {jobId:N} is {status.State}: only an ended job can be rendered again");
        var submission = await GetJobSubmissionAsync(jobId, cancellationToken);
        return await SubmitJobAsync(submission.Timeline, submission.Options, cancellationToken);
    }

    public async Task<JobSubmission> GetJobSubmissionAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        await Job(jobId).GetSubmissionAsync().WaitAsync(cancellationToken) ?? throw new KeyNotFoundException($"job {jobId:N} was never submitted");

    public async Task<JobStatus> CancelJobAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        var status = await Job(jobId).CancelAsync().WaitAsync(cancellationToken);
        if (status.State.IsTerminal())
            return status;
        // Cancelling waits for the running attempts to stop, which takes a moment.
        await foreach (var update in WatchJobAsync(jobId, cancellationToken))
        {
            if (update.State.IsTerminal())
                break;
        }
        return await GetJobStatusAsync(jobId, cancellationToken);
    }

    public Task<JobStatus> PauseJobAsync(Guid jobId, PauseOptions? pause = null, CancellationToken cancellationToken = default) =>
        Job(jobId).PauseAsync(pause ?? PauseOptions.LetRunningFinish).WaitAsync(cancellationToken);

    public Task<JobStatus> ResumeJobAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        Job(jobId).ResumeAsync().WaitAsync(cancellationToken);

    public Task<JobStatus> SetJobMaxCostAsync(Guid jobId, decimal? maxCost, CancellationToken cancellationToken = default) =>
        Job(jobId).SetMaxCostAsync(maxCost).WaitAsync(cancellationToken);

    public Task<Bill> GetBillingAsync(BillingQuery query, CancellationToken cancellationToken = default)
    {
        query.Validate();
        var bill = query switch
        {
            { JobId: { } job } => cluster.GetGrain<IJobLedgerGrain>(job).GetBillAsync(),
            { User: { } user } => cluster.GetGrain<IAccountLedgerGrain>(AccountKeys.User(user)).GetBillAsync(query),
            { Project: { } project } => cluster.GetGrain<IAccountLedgerGrain>(AccountKeys.Project(project)).GetBillAsync(query),
            _ => cluster.GetGrain<IAccountLedgerGrain>(AccountKeys.Pool(query.Pool!)).GetBillAsync(query),
        };
        return bill.WaitAsync(cancellationToken);
    }
    public Task<JobStatus> SetJobPriorityAsync(Guid jobId, PriorityChange change, CancellationToken cancellationToken = default) =>
        Job(jobId).SetPriorityAsync(change).WaitAsync(cancellationToken);

    public Task PausePoolAsync(CancellationToken cancellationToken = default) =>
        cluster.GetGrain<ISchedulerGrain>(settings.Pool).PausePoolAsync().WaitAsync(cancellationToken);

    public Task ResumePoolAsync(CancellationToken cancellationToken = default) =>
        cluster.GetGrain<ISchedulerGrain>(settings.Pool).ResumePoolAsync().WaitAsync(cancellationToken);

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
                // Updates published before the status above, or polled status overtaken by the stream: older, dropped.
                if (next.Revision <= last.Revision)
                    continue;
                next = next with { FramesDone = Math.Max(next.FramesDone, last.FramesDone) };
                var changed = next with { Revision = last.Revision } != last;
                last = next;
                if (changed)
                    yield return last;
            }
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    public async IAsyncEnumerable<JobSummary> WatchPoolJobsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Bounded: a reader that falls behind loses the oldest changes of busy jobs, never the client's memory.
        var updates = Channel.CreateBounded<JobSummary>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });
        var stream = cluster.GetStreamProvider(RenderFarmNames.Streams)
            .GetStream<JobSummary>(StreamId.Create(RenderFarmNames.PoolJobsNamespace, settings.Pool));
        var subscription = await stream.SubscribeAsync((update, _) =>
        {
            updates.Writer.TryWrite(update);
            return Task.CompletedTask;
        });
        try
        {
            while (true)
            {
                JobSummary next;
                try
                {
                    next = await updates.Reader.ReadAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
                yield return next;
            }
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    public Task<Access.CallerIdentity> GetCallerAsync(CancellationToken cancellationToken = default) =>
        cluster.GetGrain<Access.ICallerGrain>(0).WhoAmIAsync().WaitAsync(cancellationToken);

    public async Task<ClusterStatus> GetClusterStatusAsync(CancellationToken cancellationToken = default)
    {
        var nodes = cluster.GetGrain<INodeRegistryGrain>(settings.Pool).GetNodesAsync();
        var scheduler = cluster.GetGrain<ISchedulerGrain>(settings.Pool).GetSnapshotAsync();
        var autoscaler = cluster.GetGrain<IAutoscalerGrain>(settings.Pool).GetStatusAsync();
        return new ClusterStatus(settings.Pool, await nodes.WaitAsync(cancellationToken), await scheduler.WaitAsync(cancellationToken), await autoscaler.WaitAsync(cancellationToken));
    }

    public async Task<AutoscalerStatus> ScaleClusterAsync(int? target, CancellationToken cancellationToken = default)
    {
        var autoscaler = cluster.GetGrain<IAutoscalerGrain>(settings.Pool);
        return await (target is { } nodes ? autoscaler.ScaleAsync(nodes) : autoscaler.ClearTargetAsync()).WaitAsync(cancellationToken);
    }

    public Task<FarmMetrics> GetMetricsAsync(FarmMetrics? previous = null, CancellationToken cancellationToken = default) =>
        metrics.ReadAsync(previous, cancellationToken);

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

    public Task<JobPage> ListJobsAsync(JobQuery query, CancellationToken cancellationToken = default)
    {
        query.Validate();
        return cluster.GetGrain<IJobIndexGrain>(IJobIndexGrain.Key).ListAsync(query).WaitAsync(cancellationToken);
    }

    /// <summary>The options with the client's pool, submitter and project where they name none.</summary>
    private JobOptions WithClientDefaults(JobOptions? jobOptions)
    {
        var options = jobOptions ?? new JobOptions();
        return options with
        {
            Pool = options.Pool ?? settings.Pool,
            Submitter = options.Submitter ?? settings.Submitter,
            Project = options.Project ?? settings.Project,
        };
    }

    /// <summary>The default chunk count: one chunk per render slot the pool has now.</summary>
    private async Task<int> PoolSlotsAsync(string pool, CancellationToken cancellationToken)
    {
        var snapshot = await cluster.GetGrain<ISchedulerGrain>(pool).GetSnapshotAsync().WaitAsync(cancellationToken);
        return Math.Max(1, snapshot.Nodes.Sum(n => n.Slots));
    }

    public Task<IReadOnlyList<DeliveryRecord>> GetNotificationsAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<IJobNotificationsGrain>(jobId).GetDeliveriesAsync().WaitAsync(cancellationToken);

    // The farm puts the caller's user in the call; only an operator's client names another (its Submitter).
    public Task<NotificationSettings> GetMyNotificationsAsync(CancellationToken cancellationToken = default) =>
        cluster.GetGrain<INotificationSettingsGrain>(0).GetAsync(settings.Submitter).WaitAsync(cancellationToken);

    public Task SetMyNotificationsAsync(NotificationSettings notifications, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        return cluster.GetGrain<INotificationSettingsGrain>(0).SetAsync(settings.Submitter, notifications).WaitAsync(cancellationToken);
    }

    public Task<JobThumbnail?> GetThumbnailAsync(Guid jobId, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<IJobThumbnailGrain>(jobId).GetAsync().WaitAsync(cancellationToken);

    public Task<AttemptLog> GetAttemptLogAsync(Guid jobId, WorkKey piece, int attempt, int tailBytes = AttemptLogRules.DefaultTailBytes, CancellationToken cancellationToken = default)
    {
        AttemptLogRules.Check(jobId, piece, attempt, tailBytes);
        return Job(jobId).GetAttemptLogAsync(piece, attempt, tailBytes).WaitAsync(cancellationToken);
    }
}
