using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Placement;
using RenderFarm.Jobs;
using RenderFarm.Nodes;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;
using RenderFarm.Storage.Cache;
using RenderFarm.Timelines;

namespace RenderFarm.Chunks;

/// <summary>
/// Runs one piece of a job's work on the silo it was placed on. A start call only launches the
/// attempt; the render runs in the node's <see cref="RenderWorker"/>, a timer (which keeps the
/// activation alive) reports progress (and a chunk's latest still when it changed), and the attempt's end
/// is reported to its job, once. A chunk attempt's ffmpeg log is kept on this node (<see cref="AttemptLogs"/>). It keeps
/// no state: the job keeps the record. The activation then goes away, so the next attempt is placed
/// wherever the scheduler sends it.
/// </summary>
[RenderSlotPlacement]
public sealed class RenderChunkGrain(
    RenderWorker worker,
    LocalRenderNode node,
    AssetCache cache,
    AttemptLogs logs,
    IOptions<RenderNodeOptions> nodeOptions,
    TimeProvider clock,
    ILogger<RenderChunkGrain> logger) : Grain, IRenderChunkGrain
{
    private static readonly TimeSpan ProgressPeriod = TimeSpan.FromSeconds(1);

    /// <summary>An attempt's end is told to its job again this often if the job cannot be reached, then given up (the job's stall watchdog takes over).</summary>
    private static readonly TimeSpan[] EndReportRetries = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(9)];

    private WorkAssignment? current;
    private CancellationTokenSource? cancel;
    private IGrainTimer? progressTimer;
    private int framesDone;
    private AttemptLogFile? log;
    private ChunkStill? still;

    async Task IRenderChunkGrain.StartAsync(WorkAssignment assignment)
    {
        var attempt = assignment.Attempt;
        var job = GrainFactory.GetGrain<IRenderJobGrain>(attempt.Work.JobId);
        if (current is not null)
        {
            if (current.Order.Attempt == assignment.Order.Attempt)
                return;
            // The job has moved on to a newer attempt, so the one here is stale: stop it, and the new
            // one is sent again once it has wound down.
            if (current.Order.Attempt < assignment.Order.Attempt)
                cancel?.Cancel();
            logger.LogDebug("{Attempt} turned away: attempt {Current} still runs here", attempt, current.Order.Attempt);
            job.AttemptEndedAsync(attempt, AttemptResult.TurnedAway).Ignore();
            return;
        }
        if (!node.Silo.Equals(assignment.Silo) || node.NodeId != assignment.Node)
        {
            logger.LogDebug("{Attempt} ({AssignedSilo}) turned away: activated on {Node} ({Silo})", attempt, assignment.Silo, node.NodeId, node.Silo);
            job.AttemptEndedAsync(attempt, AttemptResult.TurnedAway).Ignore();
            // Deactivating is not enough: callers that cached this address would activate the piece
            // here again. Moving it to the assigned silo updates the directory for them.
            RequestContext.Set(IPlacementDirector.PlacementHintKey, assignment.Silo);
            this.MigrateOnIdle();
            return;
        }

        current = assignment;
        cancel = new CancellationTokenSource();
        framesDone = 0;
        try
        {
            await job.AttemptStartedAsync(attempt, node.Host with { Assets = cache.Locality(AssetUse.StoredHashes(assignment.Spec, attempt.Work.Kind, assignment.Order.Range)) });
        }
        catch (Exception e)
        {
            // Nothing runs yet: let the attempt go. The scheduler sends it again when it is not heard to start.
            logger.LogWarning("{Attempt} could not report its start, it is let go: {Error}", attempt, e.Message);
            EndAttempt();
            return;
        }
        if (cancel.IsCancellationRequested)
        {
            // The job answered the start with a stop: it no longer wants this attempt.
            await ReportEndAsync(job, attempt, AttemptResult.Stopped);
            EndAttempt();
            return;
        }

        var progress = new SynchronousProgress<int>(frames => Volatile.Write(ref framesDone, frames));
        var watch = WatchChunk(attempt);
        var render = worker.RunAsync(assignment, progress, cancel.Token, watch);
        progressTimer = this.RegisterGrainTimer(ReportProgressAsync, (job, attempt),
            new GrainTimerCreationOptions(ProgressPeriod, ProgressPeriod) { KeepAlive = true });
        FinishWhenDoneAsync(render, job, attempt, assignment.Order.Range.Count).Ignore();
    }

    Task IRenderChunkGrain.StopAsync(int attempt)
    {
        if (current?.Order.Attempt == attempt)
            cancel?.Cancel();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Reports every tick, even with no new frames: the job tells a render that stopped advancing (a
    /// hung ffmpeg) from a node it no longer hears from, and gives both up after its stall timeout.
    /// </summary>
    private Task ReportProgressAsync((IRenderJobGrain Job, AttemptRef Attempt) target, CancellationToken cancellationToken)
    {
        var frames = Volatile.Read(ref framesDone);
        target.Job.AttemptProgressAsync(target.Attempt, frames).Ignore();
        if (current is { } running && frames > 0 &&
            still?.TakeNew(running.Order.Key.Index, running.Order.Range.Start + frames - 1, clock.GetUtcNow()) is { } thumbnail)
            target.Job.AttemptStillAsync(target.Attempt, thumbnail).Ignore();
        return Task.CompletedTask;
    }

    /// <summary>A chunk's run is watched: its log kept here, its still read with each report. A sound or merge runs unwatched.</summary>
    private FfmpegRunWatch? WatchChunk(AttemptRef attempt)
    {
        if (attempt.Work.Kind != WorkKind.Chunk)
            return null;
        try
        {
            log = logs.Open(attempt.Work, attempt.Attempt);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("{Attempt} renders without a log: {Error}", attempt, e.Message);
        }
        var watch = new FfmpegRunWatch(log);
        var thumbnails = nodeOptions.Value.Thumbnails;
        still = thumbnails.Enabled ? new ChunkStill(watch, thumbnails.MaxBytes) : null;
        return watch;
    }

    private async Task FinishWhenDoneAsync(Task<CommittedFile> render, IRenderJobGrain job, AttemptRef attempt, int frames)
    {
        AttemptResult result;
        try
        {
            var file = await render;
            // Only a reclaim stops a chunk early and keeps what it finished.
            result = file.Frames is { } kept && kept < frames ? AttemptResult.Reclaimed(file, kept) : AttemptResult.Completed(file);
        }
        catch (StoppedForReclaimException)
        {
            result = AttemptResult.Reclaimed(null, 0);
        }
        catch (OperationCanceledException)
        {
            result = AttemptResult.Stopped;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "{Attempt} failed", attempt);
            result = AttemptResult.Failed(e is FfmpegFailedException ffmpeg ? $"ffmpeg exited with code {ffmpeg.ExitCode}: {ffmpeg.StandardErrorTail}" : e.Message);
        }
        finally
        {
            progressTimer?.Dispose();
            log?.Dispose();
            (log, still) = (null, null);
        }
        try
        {
            await ReportEndAsync(job, attempt, result);
        }
        finally
        {
            // Only now is the attempt over here: a start arriving meanwhile was told to come back later.
            EndAttempt();
        }
    }

    private async Task ReportEndAsync(IRenderJobGrain job, AttemptRef attempt, AttemptResult result)
    {
        foreach (var wait in EndReportRetries.Prepend(TimeSpan.Zero))
        {
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait);
            try
            {
                await job.AttemptEndedAsync(attempt, result);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("{Attempt} could not report its end ({Outcome}) yet: {Error}", attempt, result.Outcome, e.Message);
            }
        }
    }

    private void EndAttempt()
    {
        cancel?.Dispose();
        cancel = null;
        current = null;
        DeactivateOnIdle();
    }
}
