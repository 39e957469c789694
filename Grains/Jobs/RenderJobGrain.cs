using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RenderFarm.Access;
using RenderFarm.Chunks;
using RenderFarm.Costs;
using RenderFarm.Nodes;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;
using RenderFarm.Storage;
using RenderFarm.Storage.Cache;
using RenderFarm.Storage.Objects;
using RenderFarm.Telemetry;
using RenderFarm.Timelines;

namespace RenderFarm.Jobs;

/// <summary>
/// One render job. Its life is <see cref="JobStateMachine"/>'s, its pieces' lives
/// <see cref="ChunkStateMachine"/>'s; this grain feeds them events (requests, attempt reports,
/// supervision), carries out the effects they return, and stores the one record of the job. Attempts
/// report here alone; this grain alone tells the scheduler what changes scheduling. While active it
/// supervises its attempts (dead nodes, stalls, stragglers); a reminder brings it back if its silo dies.
/// </summary>
public sealed partial class RenderJobGrain(
    [PersistentState("job", RenderFarmNames.Storage)] IPersistentState<JobRecord> record,
    [PersistentState("job-journal", RenderFarmNames.Storage)] IPersistentState<JobJournalRecord> journalState,
    LocalRenderNode node,
    IMediaStore store,
    AssetCache assetCache,
    IJobIndex index,
    IClusterMembershipService membership,
    RenderFarmMetrics metrics,
    JobCapGauges capGauges,
    IOptions<FailoverOptions> failover,
    IOptions<WorkLimits> workLimits,
    PriceBook prices,
    TimeProvider clock,
    ILogger<RenderJobGrain> logger) : Grain, IRenderJobGrain, IRemindable
{
    private static readonly TimeSpan ProgressFlushPeriod = TimeSpan.FromMilliseconds(500);

    private readonly FailoverOptions policy = failover.Value;
    private readonly WorkLimits limits = workLimits.Value;
    private readonly JobJournal journal = new(journalState);
    private JobWork? work;
    private JobWatchdog? watchdog;
    private JobProgressPublisher? progress;
    private IGrainTimer? superviseTimer;
    private IGrainTimer? flushTimer;
    private bool mediaCheckRunning;

    private Guid JobId => this.GetPrimaryKey();
    private JobRecord Job => record.State;
    private ISchedulerGrain Scheduler => GrainFactory.GetGrain<ISchedulerGrain>(Job.Pool);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        progress = JobProgressPublisher.For(this, JobId);
        watchdog = new JobWatchdog(this, JobId, policy, logger);
        if (!record.RecordExists)
            return;
        journal.Replay(Job);
        work = new JobWork(Job, policy, clock);
        if (Job.State.IsTerminal())
            return;
        // A ticket stored before tickets named their user.
        if (Job.Ticket.Submitter.Length == 0)
            Job.Ticket = Job.Ticket with { Submitter = Job.Submitter };
        // Updates published from now on must be newer than any the previous activation published.
        await WriteWholeAsync(cancellationToken);
        StartTimers();
        // Resumed just after activation, not during it: the scheduler may be rebuilding and asking this
        // job for its view, a call that waits until activation ends, while activation would wait on it.
        this.RegisterGrainTimer(ResumeAfterActivationAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        capGauges.Withdraw(JobId);
        if ((mustStore || journal.HasPending || journal.HasChanges) && record.RecordExists)
            await StoreAsync();
    }

    private async Task ResumeAfterActivationAsync()
    {
        if (Job.State == JobState.Validating)
            StartMediaCheck();
        else
            await HandToSchedulerAsync();
        await SuperviseAsync();
        await CommitAsync();
    }

    Task<string?> IRenderJobGrain.GetSubmitterAsync() => Task.FromResult(record.RecordExists ? Job.Submitter : null);

    Task<JobSubmission?> IRenderJobGrain.GetSubmissionAsync() => Task.FromResult(record.RecordExists ? new JobSubmission(Job.Submitted, Job.Options) : null);

    async Task<SubmissionResult> IRenderJobGrain.SubmitAsync(JobSubmission submission)
    {
        if (record.RecordExists)
            return SubmissionResult.Refused([new ValidationError("jobId", $"job {JobId} was already submitted")]);
        var errors = JobOptionsRules.Check(submission.Options).Concat(TimelineValidator.Validate(submission.Timeline)).ToList();
        if (errors.Count == 0)
            errors.AddRange(WorkLimitCheck.Check(submission.Timeline, submission.Options, limits));
        if (errors.Count > 0)
        {
            logger.LogInformation("Job {Job} refused at submit: {Errors}", JobId, string.Join("; ", errors));
            return SubmissionResult.Refused(errors);
        }

        var options = submission.Options;
        // A client's submission names its caller (the access rules set it); one from this silo's own process is its local user's.
        var submitter = options.Submitter ?? LocalCaller.Identity.User;
        record.State = new JobRecord
        {
            Name = options.Name ?? JobId.ToString("N")[..8],
            Ticket = new JobTicket(JobId, options.Priority, options.Deadline, clock.GetUtcNow()) { Requirements = options.Requirements, Submitter = submitter },
            Submitted = submission.Timeline,
            Options = options,
            Pool = options.Pool ?? node.Pool,
            Submitter = submitter,
            Project = options.Project ?? JobOptionsRules.DefaultProject,
            State = JobStateMachine.Initial,
        };
        // Before the job exists: a failure here refuses the submission, which the client may send again.
        await UseAssetsAsync();
        await WriteWholeAsync();
        work = new JobWork(Job, policy, clock);
        logger.LogInformation("Job {Job} ({Name}) of {Submitter} for project {Project} accepted for pool {Pool}; checking its media",
            JobId, Job.Name, Job.Submitter, Job.Project, Job.Pool);
        await watchdog!.ArmAsync();
        StartTimers();
        StartMediaCheck();
        await CommitAsync();
        return SubmissionResult.Accepted(Status());
    }

    async Task IRenderJobGrain.MediaCheckedAsync(MediaCheckResult result)
    {
        mediaCheckRunning = false;
        if (!record.RecordExists || Job.State != JobState.Validating)
            return;
        if (result.Errors.Count > 0)
        {
            Job.Refusals = result.Errors.ToList();
            Job.Error = $"the media failed its checks: {string.Join("; ", result.Errors)}";
            await FireAsync(JobEvent.MediaRefused);
            return;
        }
        Job.Timeline = result.Timeline;
        var overBudget = await CheckEstimateAsync(result.Timeline!);
        if (overBudget.Count > 0)
        {
            Job.Refusals = overBudget.ToList();
            Job.Error = $"over budget: {string.Join("; ", overBudget)}";
            await FireAsync(JobEvent.OverBudget);
            return;
        }
        await FireAsync(JobEvent.MediaAccepted);
    }

    Task<JobStatus> IRenderJobGrain.GetStatusAsync() =>
        record.RecordExists ? Task.FromResult(Status()) : throw new KeyNotFoundException($"job {JobId} does not exist");

    async Task<JobStatus> IRenderJobGrain.CancelAsync()
    {
        EnsureExists();
        await FireAsync(JobEvent.Cancel);
        return Status();
    }

    async Task<JobStatus> IRenderJobGrain.PauseAsync(PauseOptions options)
    {
        EnsureExists();
        await FireAsync(options.StopRunning ? JobEvent.PauseStoppingRunning : JobEvent.Pause, throwIfRefused: true);
        return Status();
    }

    async Task<JobStatus> IRenderJobGrain.ResumeAsync()
    {
        EnsureExists();
        await FireAsync(JobEvent.Resume, throwIfRefused: true);
        return Status();
    }

    async Task<JobStatus> IRenderJobGrain.SetPriorityAsync(PriorityChange change)
    {
        EnsureExists();
        if (Job.State.IsTerminal())
            throw new InvalidOperationException($"job {JobId}: the job is {Job.State}: it has ended, so its priority and deadline stay as they were");
        var errors = JobOptionsRules.CheckChange(change, clock.GetUtcNow());
        if (errors.Count > 0)
            throw new ArgumentException(string.Join("; ", errors), errors[0].Field);
        var priority = change.Priority ?? Job.Ticket.Priority;
        var deadline = change.ClearDeadline ? null : change.Deadline ?? Job.Ticket.Deadline;
        Job.Ticket = Job.Ticket with { Priority = priority, Deadline = deadline };
        Job.Options = Job.Options with { Priority = priority, Deadline = deadline };
        logger.LogInformation("Job {Job}: priority {Priority}, deadline {Deadline}", JobId, priority, deadline?.ToString("O") ?? "none");
        await StoreAsync();
        // Before its media is checked the job has nothing queued: its first orders carry the new ticket.
        if (Job.State != JobState.Validating)
            await Scheduler.UpdateTicketAsync(Job.Ticket);
        var status = Status();
        await IndexAsync(status);
        progress!.PublishLater();
        return status;
    }

    Task<JobSchedulingView?> IRenderJobGrain.GetSchedulingViewAsync()
    {
        if (!record.RecordExists || Job.State.IsTerminal() || Job.Timeline is null)
            return Task.FromResult<JobSchedulingView?>(null);
        var queued = Job.State.IsDispatching() ? work!.QueuedOrders() : [];
        return Task.FromResult<JobSchedulingView?>(new JobSchedulingView(Job.Ticket, Job.Timeline, queued, work!.RunningAttempts()));
    }

    async Task IRenderJobGrain.AttemptStartedAsync(AttemptRef attempt, AttemptHost host)
    {
        if (await OnPieceAsync(attempt, new ChunkEvent.Started(attempt, host)) is { Changed: true, Record.State: ChunkState.Rendering })
            await FireAsync(JobEvent.AttemptStarted);
        await CheckBudgetAsync();
        await CommitAsync();
    }

    Task IRenderJobGrain.AttemptProgressAsync(AttemptRef attempt, int framesDone)
    {
        if (record.RecordExists && !Job.State.IsTerminal() && work!.Apply(attempt.Work, new ChunkEvent.Progressed(attempt, framesDone)) is { Record.FramesDone: > 0 })
            progress!.PublishLater();
        return Task.CompletedTask;
    }

    async Task IRenderJobGrain.AttemptEndedAsync(AttemptRef attempt, AttemptResult result)
    {
        if (result.Outcome == AttemptOutcome.Failed)
            logger.LogWarning("Job {Job}: {Attempt} failed: {Error}", JobId, attempt, result.Error);
        if (await OnPieceAsync(attempt, new ChunkEvent.Ended(attempt, result)) is { Changed: true, Record.State: ChunkState.Completed } done)
            Calibration.Observe(Job.Timeline!, attempt.Work.Kind, done.Record.Range, done.Record.History.LastOrDefault(h => h.Attempt == attempt.Attempt && h.Lane == attempt.Work.Lane));
        await CheckBudgetAsync();
        await ContinueAsync();
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        // Being activated is the point: activation resumes the job and its supervision.
        if (record.RecordExists && Job.State.IsTerminal())
            await watchdog!.DisarmAsync();
    }

    private void EnsureExists()
    {
        if (!record.RecordExists)
            throw new KeyNotFoundException($"job {JobId} does not exist");
    }

    /// <summary>Probes and hashes the media outside any grain call; the result comes back as a call of its own.</summary>
    private void StartMediaCheck()
    {
        if (mediaCheckRunning)
            return;
        mediaCheckRunning = true;
        var self = this.AsReference<IRenderJobGrain>();
        var (timeline, assetsRoot, uploads) = (Job.Submitted, store.AssetsRoot, assetCache);
        Task.Run(async () =>
        {
            MediaCheckResult result;
            try
            {
                result = new MediaCheckResult(await TimelineLoader.ResolveAsync(timeline, assetsRoot, uploads), []);
            }
            catch (TimelineValidationException e)
            {
                result = new MediaCheckResult(null, e.Errors);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                result = new MediaCheckResult(null, [new ValidationError("assets", $"cannot be read on the farm: {e.Message}")]);
            }
            catch (ObjectStoreUnavailableException e)
            {
                result = new MediaCheckResult(null, [new ValidationError("assets", $"the farm's media store could not be reached: {e.Message}")]);
            }
            await self.MediaCheckedAsync(result);
        }).Ignore();
    }

    /// <summary>Gives up attempts on dead silos and stalled ones, and starts backups for stragglers.</summary>
    private async Task SuperviseAsync()
    {
        if (!record.RecordExists || Job.State.IsTerminal() || Job.State == JobState.Validating)
            return;
        if (!watchdog!.Armed)
            await watchdog.ArmAsync();
        WatchDeadline();
        await CheckBudgetAsync();
        var effects = new List<ChunkEffect>();
        var members = membership.CurrentSnapshot;
        foreach (var silo in work!.RunningAttempts().Select(a => a.Silo).Distinct().Where(s => members.GetSiloStatus(s) is SiloStatus.Dead or SiloStatus.None))
        {
            logger.LogWarning("Job {Job}: silo {Silo} is dead; its attempts are rendered again elsewhere", JobId, silo);
            effects.AddRange(work.ApplyToAll(new ChunkEvent.SiloLost(silo)).SelectMany(t => t.Effects));
        }
        foreach (var key in work.Stalled().Where(k => k.Kind == WorkKind.Chunk))
        {
            logger.LogWarning("Job {Job}: {Work} stalled; sending it elsewhere", JobId, key);
            effects.AddRange(work.Apply(key, new ChunkEvent.Stalled())!.Effects);
        }
        if (Job.State.IsDispatching())
        {
            foreach (var key in work.Stragglers())
            {
                logger.LogInformation("Job {Job}: a backup attempt for straggling {Work}", JobId, key);
                effects.AddRange(work.Apply(key, new ChunkEvent.BackupWanted())!.Effects);
            }
        }
        if (effects.Count == 0)
            return;
        await CarryOutAsync(effects);
        await ContinueAsync(mustStore: true);
    }

    private void StartTimers()
    {
        flushTimer ??= this.RegisterGrainTimer(FlushAsync,
            new GrainTimerCreationOptions(ProgressFlushPeriod, ProgressFlushPeriod) { KeepAlive = true });
        superviseTimer ??= this.RegisterGrainTimer(SuperviseAsync,
            new GrainTimerCreationOptions(policy.SuperviseInterval, policy.SuperviseInterval) { KeepAlive = true });
    }

    private void StopTimers()
    {
        flushTimer?.Dispose();
        superviseTimer?.Dispose();
    }

    private JobStatus Status() => new()
    {
        JobId = JobId,
        Name = Job.Name,
        State = Job.State,
        Priority = Job.Ticket.Priority,
        Pool = Job.Pool,
        Submitter = Job.Submitter,
        Project = Job.Project,
        TotalFrames = Job.Submitted.Output.DurationFrames,
        FramesDone = work?.FramesDone ?? 0,
        Chunks = work?.Chunks.Select(c => c.ToStatus()).ToList() ?? [],
        Sound = work?.Sound?.ToStatus(),
        Merge = work?.Merge?.ToStatus(),
        SubmittedAt = Job.Ticket.SubmittedAt,
        StartedAt = Job.StartedAt,
        FinishedAt = Job.FinishedAt,
        OutputPath = OutputLocation(),
        Output = Job.Output is { } output ? new OutputFile(output.Key, store.Describe(output.Key), output.Bytes, output.Sha256) : null,
        OutputRemovedAt = Job.OutputRemovedAt,
        Error = Job.Error,
        Refusals = Job.Refusals,
        Revision = progress!.Next(Job.Revision),
        Cost = CostView(),
        Deadline = Job.Ticket.Deadline,
        Outlook = Outlook(),
    };

    /// <summary>Where the finished file is, as the media store names it to users.</summary>
    private string? OutputLocation() => Job.OutputPath is { } key && ObjectKey.IsValid(key) ? store.Describe(key) : Job.OutputPath;

    private DeadlineOutlook? Outlook() => DeadlineForecast.Of(Job.Ticket.Deadline, Job.State, Job.Ticket.SubmittedAt, Job.StartedAt,
        work?.FramesDone ?? 0, Job.Submitted.Output.DurationFrames, Job.Estimate, clock.GetUtcNow());
}
