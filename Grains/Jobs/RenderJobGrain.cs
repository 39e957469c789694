using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RenderFarm.Chunks;
using RenderFarm.Nodes;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;
using RenderFarm.Storage;
using RenderFarm.Timelines;

namespace RenderFarm.Jobs;

/// <summary>
/// One render job. Submit validates, plans and queues it and starts the sound; chunk reports move it
/// along; when every chunk and the sound are in the store it merges them. Long work (sound, merge)
/// runs in the node's <see cref="RenderWorker"/>; its end comes back to this activation as a new turn.
/// While active it supervises its chunks (stalls, stragglers); a reminder brings it back if its silo dies.
/// </summary>
public sealed class RenderJobGrain(
    [PersistentState("job", RenderFarmNames.Storage)] IPersistentState<JobRecord> record,
    RenderWorker worker,
    LocalRenderNode node,
    IMediaStore store,
    IOptions<FailoverOptions> failover,
    TimeProvider clock,
    ILogger<RenderJobGrain> logger) : Grain, IRenderJobGrain, IRemindable
{
    private static readonly TimeSpan ProgressFlushPeriod = TimeSpan.FromMilliseconds(500);

    private readonly FailoverOptions policy = failover.Value;
    private JobWatchdog? watchdog;
    private IGrainTimer? superviseTimer;

    private JobChunks? chunks;
    private JobProgressPublisher? progress;
    private readonly CancellationTokenSource work = new();
    private IGrainTimer? flushTimer;
    private bool audioRunning;
    private bool mergeRunning;

    private Guid JobId => this.GetPrimaryKey();
    private ISchedulerGrain Scheduler => GrainFactory.GetGrain<ISchedulerGrain>(node.Pool);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        progress = JobProgressPublisher.For(this, JobId);
        watchdog = new JobWatchdog(this, JobId, policy, logger);
        if (!record.RecordExists)
            return;
        chunks = new JobChunks(JobId, record.State.Plan, policy, clock);
        if (record.State.State.IsTerminal())
            return;
        await RestoreChunksAsync();
        if (record.State.State == JobState.Merging)
            record.State.State = JobState.Rendering;
        StartTimers();
        // Resumed just after activation, not during it: the scheduler may be rebuilding and asking this
        // job for its view, a call that waits until activation ends, while activation would wait on it.
        this.RegisterGrainTimer(HandToSchedulerAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    /// <summary>
    /// Queues the chunks still to render and starts the sound and merge when due. An accepted job is
    /// never lost to a scheduler that does not answer: it tries again after a supervision interval.
    /// </summary>
    private async Task HandToSchedulerAsync()
    {
        if (!IsActive())
            return;
        try
        {
            await Scheduler.EnqueueAsync(record.State.Ticket, chunks!.Queued.ToList());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Job {Job}: the scheduler did not take its chunks, trying again in {Interval}: {Error}", JobId, policy.SuperviseInterval, e.Message);
            this.RegisterGrainTimer(HandToSchedulerAsync, new GrainTimerCreationOptions(policy.SuperviseInterval, Timeout.InfiniteTimeSpan));
            return;
        }
        ContinueSoundAndMerge();
    }

    async Task<SubmissionResult> IRenderJobGrain.SubmitAsync(JobSubmission submission)
    {
        if (record.RecordExists)
            return SubmissionResult.Refused([new ValidationError("jobId", $"job {JobId} was already submitted")]);
        var optionErrors = JobOptionsRules.Check(submission.Options);
        if (optionErrors.Count > 0)
            return SubmissionResult.Refused(optionErrors);

        ResolvedTimeline timeline;
        try
        {
            timeline = await TimelineLoader.ResolveAsync(submission.Timeline, store.AssetsRoot);
        }
        catch (TimelineValidationException e)
        {
            return SubmissionResult.Refused(e.Errors);
        }

        var options = submission.Options;
        var plan = ChunkPlanner.Plan(timeline.Timeline, new ChunkingOptions
        {
            ChunkCount = options.ChunkFrames is null ? options.ChunkCount ?? await FarmSlotsAsync() : null,
            TargetFrames = options.ChunkFrames,
        });
        record.State = new JobRecord
        {
            Name = options.Name ?? JobId.ToString("N")[..8],
            Ticket = new JobTicket(JobId, options.Priority, options.Deadline, clock.GetUtcNow()),
            Timeline = timeline,
            Plan = plan.ToList(),
            State = JobState.Queued,
        };
        await record.WriteStateAsync();
        chunks = new JobChunks(JobId, plan, policy, clock);
        logger.LogInformation("Job {Job} ({Name}) queued: {Frames} frames in {Chunks} chunk(s)", JobId, record.State.Name, timeline.Output.DurationFrames, plan.Count);

        await watchdog!.ArmAsync();
        StartTimers();
        await HandToSchedulerAsync();
        await progress!.PublishNowAsync(Status());
        return SubmissionResult.Accepted(Status());
    }

    Task<JobStatus> IRenderJobGrain.GetStatusAsync() =>
        record.RecordExists ? Task.FromResult(Status()) : throw new KeyNotFoundException($"job {JobId} does not exist");

    async Task<JobStatus> IRenderJobGrain.CancelAsync()
    {
        if (!record.RecordExists)
            throw new KeyNotFoundException($"job {JobId} does not exist");
        if (record.State.State.IsTerminal())
            return Status();

        var running = chunks!.RunningAttempts().ToList();
        chunks.CancelUnfinished();
        await work.CancelAsync();
        await FinishAsync(JobState.Cancelled, error: null);
        await Task.WhenAll(running.Select(a => ChunkGrain(a).CancelAsync()));
        return Status();
    }

    Task<ResolvedTimeline> IRenderJobGrain.GetRenderSpecAsync() =>
        record.RecordExists && !record.State.State.IsTerminal()
            ? Task.FromResult(record.State.Timeline)
            : throw new InvalidOperationException($"job {JobId} has nothing to render (it does not exist or has ended)");

    Task<JobSchedulingView?> IRenderJobGrain.GetSchedulingViewAsync()
    {
        if (!record.RecordExists || record.State.State.IsTerminal())
            return Task.FromResult<JobSchedulingView?>(null);
        var unfinished = chunks!.All
            .Where(c => c.State is ChunkState.Queued or ChunkState.Rendering)
            .Select(c => new UnfinishedChunk(chunks.Work(c.Index), c.Attempts, c.State == ChunkState.Rendering ? c.Node : null))
            .ToList();
        return Task.FromResult<JobSchedulingView?>(new JobSchedulingView(record.State.Ticket, unfinished));
    }

    async Task IRenderJobGrain.ChunkStartedAsync(ChunkReport report)
    {
        if (!IsActive() || !chunks!.Started(report))
            return;
        if (record.State.State == JobState.Queued)
        {
            record.State.State = JobState.Rendering;
            record.State.StartedAt = clock.GetUtcNow();
            await record.WriteStateAsync();
            await progress!.PublishNowAsync(Status());
            return;
        }
        progress!.PublishLater(Status());
    }

    Task IRenderJobGrain.ChunkProgressAsync(ChunkReport report, int framesDone)
    {
        if (IsActive() && chunks!.Progressed(report, framesDone))
            progress!.PublishLater(Status());
        return Task.CompletedTask;
    }

    async Task IRenderJobGrain.ChunkCompletedAsync(ChunkReport report, string outputPath)
    {
        if (!IsActive())
            return;
        var (changed, loser) = chunks!.Completed(report, outputPath);
        if (!changed)
            return;
        if (loser is not null)
        {
            logger.LogInformation("Job {Job} chunk {Chunk}: lane {Lane} on {Node} finished first; stopping the other attempt", JobId, report.Chunk.Index, report.Lane, report.Node);
            ChunkGrain(loser).AbandonAsync(loser.Attempt).Ignore();
        }
        await progress!.PublishNowAsync(Status());
        ContinueSoundAndMerge();
    }

    async Task IRenderJobGrain.ChunkFailedAsync(ChunkReport report, string error)
    {
        if (!IsActive())
            return;
        var decision = chunks!.Failed(report, error);
        if (decision.BlocklistNode is { } blocked)
            await Scheduler.BlocklistAsync(JobId, blocked);
        switch (decision.Verdict)
        {
            case JobChunks.FailureVerdict.Retry:
                logger.LogWarning("Job {Job} chunk {Chunk} attempt {Attempt} failed on {Node}; trying again after {Time:O}: {Error}",
                    JobId, report.Chunk.Index, report.Attempt, report.Node, decision.Retry!.NotBefore, error);
                // Abandon rather than enqueue: this report may overtake the attempt's own "finished" to the scheduler.
                await Scheduler.AbandonAsync(report, decision.Retry);
                progress!.PublishLater(Status());
                break;
            case JobChunks.FailureVerdict.GiveUp:
                await FailAsync($"chunk {report.Chunk.Index} failed {policy.MaxFailedAttempts} times; last error: {error}");
                break;
        }
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        // Being activated is the point: activation restores the chunks and resumes supervision.
        if (record.RecordExists && record.State.State.IsTerminal())
            await watchdog!.DisarmAsync();
    }

    /// <summary>Gives up stalled attempts and starts backups for stragglers.</summary>
    private async Task SuperviseAsync()
    {
        if (!IsActive())
            return;
        if (!watchdog!.Armed)
            await watchdog.ArmAsync();
        foreach (var (attempt, requeue) in chunks!.TakeStalled())
        {
            logger.LogWarning("Job {Job} chunk {Chunk} attempt {Attempt} stalled on {Node}; sending it elsewhere", JobId, attempt.Chunk.Index, attempt.Attempt, attempt.Node);
            ChunkGrain(attempt).AbandonAsync(attempt.Attempt).Ignore();
            await Scheduler.AbandonAsync(attempt, requeue);
            progress!.PublishLater(Status());
        }
        var backups = chunks.TakeStragglerBackups();
        if (backups.Count > 0)
        {
            logger.LogInformation("Job {Job}: backup attempts for straggling chunk(s) {Chunks}", JobId, string.Join(", ", backups.Select(b => b.Chunk.Index)));
            await Scheduler.EnqueueAsync(record.State.Ticket, backups);
        }
    }

    private bool IsActive() => record.RecordExists && chunks is not null && !record.State.State.IsTerminal();

    /// <summary>Starts whatever of the sound and the merge is due and not yet running.</summary>
    private void ContinueSoundAndMerge()
    {
        if (!IsActive())
            return;
        if (record.State.AudioPath is null && !audioRunning)
        {
            audioRunning = true;
            AwaitAudioAsync(worker.RenderAudioAsync(record.State.Timeline, JobId, work.Token)).Ignore();
        }
        if (record.State.AudioPath is not null && chunks!.AllCompleted && !mergeRunning)
        {
            mergeRunning = true;
            MergeAsync().Ignore();
        }
    }

    private async Task AwaitAudioAsync(Task<string> render)
    {
        try
        {
            var path = await render;
            if (!IsActive())
                return;
            record.State.AudioPath = path;
            await record.WriteStateAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await FailAsync("the sound could not be rendered: " + e.Message);
            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }
        finally
        {
            audioRunning = false;
        }
        ContinueSoundAndMerge();
    }

    private async Task MergeAsync()
    {
        try
        {
            record.State.State = JobState.Merging;
            await record.WriteStateAsync();
            await progress!.PublishNowAsync(Status());
            var files = chunks!.All.Select(c => new ChunkFile(c.Range, c.OutputPath!)).ToList();
            var output = await worker.MergeAsync(record.State.Timeline, JobId, files, record.State.AudioPath!, work.Token);
            record.State.OutputPath = output;
            await FinishAsync(JobState.Completed, error: null);
            store.DeleteIntermediates(JobId);
        }
        catch (OperationCanceledException)
        {
            // The job was cancelled or failed meanwhile; that path has already finished it.
        }
        catch (Exception e)
        {
            await FailAsync("the merge failed: " + e.Message);
        }
        finally
        {
            mergeRunning = false;
        }
    }

    private async Task FailAsync(string error)
    {
        if (!IsActive())
            return;
        logger.LogError("Job {Job} failed: {Error}", JobId, error);
        var running = chunks!.RunningAttempts().ToList();
        chunks.CancelUnfinished();
        await work.CancelAsync();
        await FinishAsync(JobState.Failed, error);
        await Task.WhenAll(running.Select(a => ChunkGrain(a).CancelAsync()));
    }

    private async Task FinishAsync(JobState state, string? error)
    {
        record.State.State = state;
        record.State.Error = error;
        record.State.FinishedAt = clock.GetUtcNow();
        await record.WriteStateAsync();
        flushTimer?.Dispose();
        superviseTimer?.Dispose();
        await watchdog!.DisarmAsync();
        await Scheduler.ForgetJobAsync(JobId);
        if (state != JobState.Completed)
            store.DeleteIntermediates(JobId);
        await progress!.PublishNowAsync(Status());
        logger.LogInformation("Job {Job} {State} after {Elapsed}", JobId, state, record.State.FinishedAt - record.State.Ticket.SubmittedAt);
    }

    private void StartTimers()
    {
        flushTimer = this.RegisterGrainTimer(() => progress!.FlushAsync(),
            new GrainTimerCreationOptions(ProgressFlushPeriod, ProgressFlushPeriod) { KeepAlive = true });
        superviseTimer = this.RegisterGrainTimer(SuperviseAsync,
            new GrainTimerCreationOptions(policy.SuperviseInterval, policy.SuperviseInterval) { KeepAlive = true });
    }

    private IRenderChunkGrain ChunkGrain(ChunkReport attempt) =>
        GrainFactory.GetGrain<IRenderChunkGrain>(attempt.Chunk.GrainKey(attempt.Lane));

    private async Task<int> FarmSlotsAsync()
    {
        var snapshot = await Scheduler.GetSnapshotAsync();
        return Math.Max(1, snapshot.Nodes.Sum(n => n.Slots));
    }

    private async Task RestoreChunksAsync()
    {
        var records = await Task.WhenAll(record.State.Plan.Select((_, i) =>
            GrainFactory.GetGrain<IRenderChunkGrain>(new ChunkKey(JobId, i).GrainKey()).GetRecordAsync()));
        for (var i = 0; i < records.Length; i++)
            chunks!.Restore(i, records[i]);
    }

    private JobStatus Status() => new()
    {
        JobId = JobId,
        Name = record.State.Name,
        State = record.State.State,
        Priority = record.State.Ticket.Priority,
        TotalFrames = record.State.Timeline.Output.DurationFrames,
        FramesDone = chunks?.FramesDone ?? 0,
        Chunks = chunks?.All.ToList() ?? [],
        SubmittedAt = record.State.Ticket.SubmittedAt,
        StartedAt = record.State.StartedAt,
        FinishedAt = record.State.FinishedAt,
        OutputPath = record.State.OutputPath,
        Error = record.State.Error,
    };
}
