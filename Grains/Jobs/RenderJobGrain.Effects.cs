using Microsoft.Extensions.Logging;
using RenderFarm.Chunks;
using RenderFarm.Costs;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;
using RenderFarm.Storage.Objects;

namespace RenderFarm.Jobs;

/// <summary>The job grain's half that carries out what the state machines decide.</summary>
public sealed partial class RenderJobGrain
{
    /// <summary>Applies a job event, carries out its effects and whatever follows from them, stores and publishes.</summary>
    private async Task FireAsync(JobEvent e, bool throwIfRefused = false)
    {
        var before = Job.State;
        var transition = JobStateMachine.Apply(Job.State, e, work!.Facts);
        if (transition.Refused)
        {
            if (throwIfRefused)
                throw new InvalidOperationException($"job {JobId}: {transition.Refusal}");
            return;
        }
        Job.State = transition.State;
        if (before != Job.State)
            logger.LogInformation("Job {Job}: {Event} → {State}", JobId, e, Job.State);
        foreach (var effect in transition.Effects)
            await CarryOutAsync(effect);
        await ContinueAsync(mustStore: before != Job.State || transition.Effects.Count > 0);
    }

    /// <summary>Applies an event to one piece and carries out its effects; null when the job has no such piece or has ended.</summary>
    private async Task<ChunkTransition?> OnPieceAsync(AttemptRef attempt, ChunkEvent e)
    {
        if (!record.RecordExists || work is null)
            return null;
        if (Job.State.IsTerminal())
        {
            // Whatever still runs for an ended job is stopped, and its slot is freed.
            if (e is ChunkEvent.Started)
                StopAttempt(attempt);
            Scheduler.AttemptEndedAsync(attempt).Ignore();
            return null;
        }
        var transition = work.Apply(attempt.Work, e);
        if (transition is null)
            return null;
        // A new attempt number is stored before anyone can act on it, so that no number is ever handed
        // out twice; a finished piece before anyone can see it, so that nothing shown done is rendered
        // again. Both go to the journal, a write of the pieces alone. Anything else (a start) is stored
        // by the next flush, before the flush shows it.
        if (transition.Changed && (transition.Record.State.IsTerminal() || transition.Effects.Any(e => e is ChunkEffect.Enqueue)))
            journal.Mark(transition.Record.Key);
        else if (transition.Changed)
            journal.MarkChanged(transition.Record.Key);
        await CarryOutAsync(transition.Effects);
        return transition;
    }

    /// <summary>Fires the events that follow from the pieces' state (merge due, merged, settled), then stores and publishes.</summary>
    private async Task ContinueAsync(bool mustStore = false)
    {
        this.mustStore |= mustStore;
        JobEvent? next = Job.State switch
        {
            JobState.Queued or JobState.Rendering when work!.MergeDue => JobEvent.PartsRendered,
            JobState.Merging when work!.Merge is { State: ChunkState.Completed } => JobEvent.MergeCompleted,
            JobState.PauseRequested or JobState.CancelRequested or JobState.HoldingAtCap when !work!.AnyRunning => JobEvent.Settled,
            _ => null,
        };
        if (next is not null)
        {
            await FireAsync(next.Value);
            return;
        }
        await CommitAsync();
    }


    /// <summary>The job itself changed in a way that is acted on at once (its state, supervision's decisions): the whole record is stored before this turn ends. A piece that must be stored at once goes to the <see cref="journal"/> instead.</summary>
    private bool mustStore;

    private JobState publishedState = (JobState)(-1);
    /// <summary>What the job index was last told: it hears of a change of state at once, of finished chunks with the next flush.</summary>
    private (JobState State, int ChunksDone)? indexed;

    /// <summary>
    /// Stores what must be stored now: the whole record when the job changed, else the journal when a
    /// piece did (a start waits for the flush, which stores it before showing it; one lost with the
    /// silo only means the piece is sent again, and its running attempt, if still alive, is taken back
    /// when it reports). Then tells the job index (at a change of state) and publishes: a change of
    /// state at once, progress with the next flush. Writing the whole record, every piece's history in
    /// it, at every finished chunk is what the journal avoids.
    /// </summary>
    private async Task CommitAsync()
    {
        metrics.ChunksRetried(Job.Pool, work?.TakeRetriesOrdered() ?? 0);
        if (mustStore)
            await StoreAsync();
        else if (journal.HasPending)
            await JournalAsync();
        if (publishedState == Job.State)
        {
            progress!.PublishLater();
            return;
        }
        publishedState = Job.State;
        var status = Status();
        if (indexed?.State != status.State)
            await IndexAsync(status);
        await progress!.PublishNowAsync(status);
    }

    private async Task StoreAsync()
    {
        mustStore = false;
        await WriteWholeAsync();
    }

    /// <summary>Writes the journal, or the whole record once the journal would hold too many pieces.</summary>
    private Task JournalAsync() =>
        journal.WantsWholeWrite(Job.Pieces.Count) ? StoreAsync() : journal.WriteAsync(Job);

    private async Task WriteWholeAsync(CancellationToken cancellationToken = default)
    {
        Job.Revision++;
        await record.WriteStateAsync(cancellationToken);
        journal.WrittenWhole(Job.Revision);
    }

    /// <summary>Stores what the last turns changed, then lists and publishes the latest progress.</summary>
    private async Task FlushAsync()
    {
        if (!record.RecordExists)
            return;
        if (mustStore)
            await StoreAsync();
        else if (journal.HasPending || journal.HasChanges)
            await JournalAsync();
        await BillAsync();
        var status = new Lazy<JobStatus>(Status);
        if (work is not null && indexed != (Job.State, work.ChunksDone))
            await IndexAsync(status.Value);
        await progress!.FlushAsync(() => status.Value);
        calibration?.Flush(Job.Pool);
    }

    private CalibrationReporter? calibration;
    /// <summary>The job's finished attempts on their way to its pool's cost model, sent with the flush.</summary>
    private CalibrationReporter Calibration => calibration ??= new CalibrationReporter(GrainFactory, logger);

    /// <summary>The index is a listing, not the record: a failed write is logged, and the next change writes the whole summary again.</summary>
    private async Task IndexAsync(JobStatus status)
    {
        try
        {
            await index.RecordAsync(JobSummary.From(status));
            indexed = (status.State, status.ChunksDone);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Job {Job}: the job index was not updated now: {Error}", JobId, e.Message);
        }
    }

    private async Task CarryOutAsync(JobEffect effect)
    {
        switch (effect)
        {
            case JobEffect.Plan:
                Plan();
                break;
            case JobEffect.MarkStarted:
                Job.StartedAt ??= clock.GetUtcNow();
                break;
            case JobEffect.Withdraw:
                await Scheduler.WithdrawAsync(JobId);
                break;
            case JobEffect.InterruptRunning:
                await CarryOutAsync(work!.ApplyToAll(new ChunkEvent.Interrupt()).SelectMany(t => t.Effects).ToList());
                break;
            case JobEffect.CancelPieces:
                await CarryOutAsync(work!.ApplyToAll(new ChunkEvent.Cancel()).SelectMany(t => t.Effects).ToList());
                break;
            case JobEffect.EnqueueQueued:
                await HandToSchedulerAsync();
                break;
            case JobEffect.OrderMerge:
                await CarryOutAsync(work!.Apply(WorkKey.ForMerge(JobId), new ChunkEvent.Order())!.Effects);
                break;
            case JobEffect.Finish:
                await FinishAsync();
                break;
            case JobEffect.Notify:
                Notify();
                break;
        }
    }

    private void Plan()
    {
        var options = Job.Options;
        var ranges = ChunkPlanner.Plan(Job.Timeline!.Timeline, ChunkingOptions.ForJob(options, limits.MaxInputsPerRun));
        Job.Pieces = JobWork.Plan(JobId, ranges, Job.Timeline.Output.DurationFrames);
        // The merge is ordered once its inputs are in; everything else now. EnqueueQueued sends them.
        foreach (var piece in Job.Pieces.Where(p => p.Key.Kind != WorkKind.Merge).ToList())
            work!.Apply(piece.Key, new ChunkEvent.Order());
        logger.LogInformation("Job {Job} queued: {Frames} frames in {Chunks} chunk(s), the sound and the merge", JobId, Job.Timeline.Output.DurationFrames, ranges.Count);
    }

    /// <summary>Carries out a piece's effects: the scheduler's orders in one call, slot news one-way, stops without waiting.</summary>
    private async Task CarryOutAsync(IReadOnlyList<ChunkEffect> effects)
    {
        var orders = new List<WorkOrder>();
        string? giveUp = null;
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case ChunkEffect.Enqueue enqueue:
                    orders.Add(work!.Complete(enqueue.Order));
                    break;
                case ChunkEffect.ConfirmSlot confirm:
                    Scheduler.AttemptStartedAsync(confirm.Attempt).Ignore();
                    break;
                case ChunkEffect.FreeSlot free when free.Attempt.Node.Length > 0:
                    Scheduler.AttemptEndedAsync(free.Attempt).Ignore();
                    break;
                case ChunkEffect.Stop stop:
                    StopAttempt(stop.Attempt);
                    break;
                case ChunkEffect.NodeFailed failed when work!.CountFailure(failed.Node):
                    logger.LogWarning("Job {Job}: node {Node} failed {Count} of its attempts and gets no more of its work", JobId, failed.Node, policy.BlocklistAfterFailures);
                    // Orders already queued learn of the blocklist too.
                    orders.AddRange(work.QueuedOrders());
                    break;
                case ChunkEffect.AddPiece add:
                    var added = work!.AddPiece(JobId, add.Range, add.Avoid);
                    journal.Mark(added.Record.Key);
                    logger.LogInformation("Job {Job}: frames {Range} of a chunk cut short by a reclaim go back to the queue as chunk {Index}", JobId, add.Range, added.Record.Key.Index);
                    orders.AddRange(added.Effects.OfType<ChunkEffect.Enqueue>().Select(e => work.Complete(e.Order)));
                    break;
                case ChunkEffect.GiveUp give:
                    giveUp = give.Reason;
                    break;
            }
        }
        if (orders.Count > 0 && Job.State.IsDispatching())
            await EnqueueAsync(orders.DistinctBy(o => o.Key).ToList());
        if (giveUp is not null)
        {
            logger.LogError("Job {Job} failed: {Error}", JobId, giveUp);
            Job.Error = giveUp;
            await FireAsync(JobEvent.GaveUp);
        }
    }

    private void StopAttempt(AttemptRef attempt) =>
        GrainFactory.GetGrain<IRenderChunkGrain>(attempt.Work.GrainKey).StopAsync(attempt.Attempt).Ignore();

    /// <summary>
    /// Sends every queued order. An accepted job is never lost to a scheduler that does not answer:
    /// it tries again after a supervision interval.
    /// </summary>
    private async Task HandToSchedulerAsync()
    {
        if (!record.RecordExists || !Job.State.IsDispatching())
            return;
        await EnqueueAsync(work!.QueuedOrders());
    }

    private async Task EnqueueAsync(IReadOnlyList<WorkOrder> orders)
    {
        try
        {
            await Scheduler.EnqueueAsync(Job.Ticket, Job.Timeline!, orders);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Job {Job}: the scheduler did not take its work, trying again in {Interval}: {Error}", JobId, policy.SuperviseInterval, e.Message);
            this.RegisterGrainTimer(HandToSchedulerAsync, new GrainTimerCreationOptions(policy.SuperviseInterval, Timeout.InfiniteTimeSpan));
        }
    }

    private async Task FinishAsync()
    {
        Job.FinishedAt = clock.GetUtcNow();
        if (Job.State == JobState.Completed)
        {
            Job.OutputPath = work!.Merge!.OutputPath;
            Job.Output = work.Merge.Committed;
        }
        StopTimers();
        calibration?.Flush(Job.Pool);
        await watchdog!.DisarmAsync();
        try
        {
            await Scheduler.ForgetJobAsync(JobId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A rebuilt scheduler drops an ended job by itself: its view is empty.
            logger.LogWarning("Job {Job}: the scheduler was not told the job ended: {Error}", JobId, e.Message);
        }
        await DeleteIntermediatesAsync();
        await ReleaseAssetsAsync();
        await BillAsync();
        metrics.JobFinished(Job.Pool, Job.State, Job.FinishedAt.Value - Job.Ticket.SubmittedAt, Job.Ticket.Deadline is { } deadline && Job.FinishedAt > deadline);
        logger.LogInformation("Job {Job} {State} after {Elapsed}", JobId, Job.State, Job.FinishedAt - Job.Ticket.SubmittedAt);
    }

    /// <summary>After a verified merge the chunks and sound are of no more use; a store that is down keeps them for the purge.</summary>
    private async Task DeleteIntermediatesAsync()
    {
        try
        {
            await store.DeleteIntermediatesAsync(JobId, CancellationToken.None);
        }
        catch (Exception e) when (e is ObjectStoreUnavailableException or IOException)
        {
            logger.LogWarning("Job {Job}: its chunk files were not deleted: {Error}", JobId, e.Message);
        }
    }
}
