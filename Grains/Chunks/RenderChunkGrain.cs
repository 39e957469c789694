using Microsoft.Extensions.Logging;
using Orleans.Runtime.Placement;
using RenderFarm.Jobs;
using RenderFarm.Nodes;
using RenderFarm.Rendering;
using RenderFarm.Scheduling;
using RenderFarm.Timelines;

namespace RenderFarm.Chunks;

/// <summary>
/// Renders its frame range on the silo it was placed on. A start call only launches the attempt; the
/// render runs in the node's <see cref="RenderWorker"/>, a timer (which keeps the activation alive)
/// reports progress, and the attempt's end is reported to the job and the scheduler. The activation
/// then goes away, so the next attempt is placed wherever the scheduler sends it.
/// </summary>
[RenderSlotPlacement]
public sealed class RenderChunkGrain(
    [PersistentState("chunk", RenderFarmNames.Storage)] IPersistentState<ChunkRecord> record,
    RenderWorker worker,
    LocalRenderNode node,
    ILogger<RenderChunkGrain> logger) : Grain, IRenderChunkGrain
{
    private static readonly TimeSpan ProgressPeriod = TimeSpan.FromSeconds(1);

    private ChunkAssignment? current;
    private CancellationTokenSource? cancel;
    private IGrainTimer? progressTimer;
    private int framesDone;

    async Task IRenderChunkGrain.StartAsync(ChunkAssignment assignment)
    {
        var report = assignment.Report;
        var scheduler = GrainFactory.GetGrain<ISchedulerGrain>(node.Pool);
        if (current is not null)
        {
            if (current.Attempt == assignment.Attempt)
                return;
            // The scheduler has moved on to a newer attempt, so the one here is stale (its scheduler or
            // job restarted meanwhile): stop it, and the new one is sent again once it has wound down.
            if (current.Attempt < assignment.Attempt)
                cancel?.Cancel();
            logger.LogDebug("Chunk {Chunk} attempt {Attempt} turned away on {Node}: attempt {Current} still runs here", report.Chunk, report.Attempt, node.NodeId, current.Attempt);
            scheduler.ChunkFinishedAsync(report, ChunkOutcome.Misplaced).Ignore();
            return;
        }
        if (!node.Silo.Equals(assignment.Silo) || node.NodeId != assignment.Node)
        {
            logger.LogDebug("Chunk {Chunk} attempt {Attempt} for {Assigned} ({AssignedSilo}) turned away: activated on {Node} ({Silo})",
                report.Chunk, report.Attempt, assignment.Node, assignment.Silo, node.NodeId, node.Silo);
            scheduler.ChunkFinishedAsync(report, ChunkOutcome.Misplaced).Ignore();
            // Deactivating is not enough: callers that cached this address would activate the chunk
            // here again. Moving it to the assigned silo updates the directory for them.
            RequestContext.Set(IPlacementDirector.PlacementHintKey, assignment.Silo);
            this.MigrateOnIdle();
            return;
        }

        var job = GrainFactory.GetGrain<IRenderJobGrain>(assignment.Chunk.JobId);
        if (record.State.State == ChunkState.Completed && File.Exists(record.State.OutputPath))
        {
            // Rendered before (a duplicate dispatch): the committed file stands.
            await job.ChunkCompletedAsync(report, record.State.OutputPath!);
            scheduler.ChunkFinishedAsync(report, ChunkOutcome.Completed).Ignore();
            DeactivateOnIdle();
            return;
        }

        ResolvedTimeline timeline;
        try
        {
            timeline = await job.GetRenderSpecAsync();
        }
        catch (Exception e)
        {
            // The job is gone or has ended: nothing to render, and the slot is free again.
            logger.LogInformation("Chunk {Chunk} attempt {Attempt} not started: {Reason}", report.Chunk, report.Attempt, e.Message);
            scheduler.ChunkFinishedAsync(report, ChunkOutcome.Cancelled).Ignore();
            DeactivateOnIdle();
            return;
        }

        current = assignment;
        cancel = new CancellationTokenSource();
        framesDone = 0;
        record.State.State = ChunkState.Rendering;
        record.State.Attempt = assignment.Attempt;
        record.State.Node = assignment.Node;
        record.State.Error = null;
        record.State.NodesTried.Add(assignment.Node);
        try
        {
            await record.WriteStateAsync();
            await job.ChunkStartedAsync(report);
        }
        catch (Exception e)
        {
            // Nothing runs yet: let the attempt go rather than hold on to it, or every later start
            // would find it here and be turned away.
            logger.LogWarning("Chunk {Chunk} attempt {Attempt} could not start on {Node}, it is sent again: {Error}", report.Chunk, report.Attempt, report.Node, e.Message);
            cancel.Dispose();
            cancel = null;
            current = null;
            scheduler.ChunkFinishedAsync(report, ChunkOutcome.Misplaced).Ignore();
            DeactivateOnIdle();
            return;
        }
        scheduler.ChunkStartedAsync(report).Ignore();

        var progress = new SynchronousProgress<int>(frames => Volatile.Write(ref framesDone, frames));
        var render = worker.RenderChunkAsync(timeline, assignment.Chunk, assignment.Lane, assignment.Range, progress, cancel.Token);
        progressTimer = this.RegisterGrainTimer(ReportProgressAsync, (job, report),
            new GrainTimerCreationOptions(ProgressPeriod, ProgressPeriod) { KeepAlive = true });
        FinishWhenDoneAsync(render, job, scheduler, report).Ignore();
    }

    Task IRenderChunkGrain.CancelAsync()
    {
        cancel?.Cancel();
        return Task.CompletedTask;
    }

    Task IRenderChunkGrain.AbandonAsync(int attempt)
    {
        if (current?.Attempt == attempt)
            cancel?.Cancel();
        return Task.CompletedTask;
    }

    Task<ChunkRecord> IRenderChunkGrain.GetRecordAsync()
    {
        if (current is not null)
            return Task.FromResult(record.State);
        // A query must not pin an idle chunk to this silo: its next attempt is placed by the scheduler.
        DeactivateOnIdle();
        // Persisted as rendering, yet no attempt runs in this activation: the attempt died with its silo.
        return Task.FromResult(record.State.State == ChunkState.Rendering
            ? record.State with { State = ChunkState.Queued }
            : record.State);
    }

    /// <summary>
    /// Reports every tick, even with no new frames: the job tells a render that stopped advancing (a
    /// hung ffmpeg) from a node it no longer hears from, and gives both up after its stall timeout.
    /// </summary>
    private Task ReportProgressAsync((IRenderJobGrain Job, ChunkReport Report) target, CancellationToken cancellationToken)
    {
        target.Job.ChunkProgressAsync(target.Report, Volatile.Read(ref framesDone)).Ignore();
        return Task.CompletedTask;
    }

    private async Task FinishWhenDoneAsync(Task<string> render, IRenderJobGrain job, ISchedulerGrain scheduler, ChunkReport report)
    {
        string? output = null;
        string? error = null;
        ChunkOutcome outcome;
        try
        {
            output = await render;
            outcome = ChunkOutcome.Completed;
        }
        catch (OperationCanceledException)
        {
            outcome = ChunkOutcome.Cancelled;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Chunk {Chunk} attempt {Attempt} failed on {Node}", report.Chunk, report.Attempt, report.Node);
            error = e is FfmpegFailedException ffmpeg ? $"ffmpeg exited with code {ffmpeg.ExitCode}: {ffmpeg.StandardErrorTail}" : e.Message;
            outcome = ChunkOutcome.Failed;
        }
        finally
        {
            progressTimer?.Dispose();
        }

        record.State.State = outcome switch
        {
            ChunkOutcome.Completed => ChunkState.Completed,
            ChunkOutcome.Cancelled => ChunkState.Cancelled,
            _ => ChunkState.Failed,
        };
        record.State.OutputPath = output ?? record.State.OutputPath;
        record.State.Error = error;
        await record.WriteStateAsync();
        try
        {
            if (outcome == ChunkOutcome.Completed)
                await job.ChunkCompletedAsync(report, output!);
            else if (outcome == ChunkOutcome.Failed)
                await job.ChunkFailedAsync(report, error!);
        }
        finally
        {
            // Only now is the attempt over here: a start arriving meanwhile was told to come back later.
            cancel?.Dispose();
            cancel = null;
            current = null;
            scheduler.ChunkFinishedAsync(report, outcome).Ignore();
            DeactivateOnIdle();
        }
    }
}
