using Microsoft.Extensions.Logging;
using Orleans.Runtime.Placement;
using RenderFarm.Chunks;
using RenderFarm.Nodes;

namespace RenderFarm.Scheduling;

/// <summary>
/// One per pool. Keeps a <see cref="SchedulingQueue"/>, and after every change sends each chunk that
/// won a slot to its node: the chunk grain is called with the node's silo as placement hint, so the
/// chunk's activation, and its render, happen there.
/// </summary>
public sealed class SchedulerGrain(
    [PersistentState("scheduler", RenderFarmNames.Storage)] IPersistentState<SchedulerRecord> record,
    IClusterMembershipService membership,
    TimeProvider clock,
    ILogger<SchedulerGrain> logger) : Grain, ISchedulerGrain
{
    /// <summary>How often the scheduler looks for lost dispatches and for chunks whose backoff is over.</summary>
    private static readonly TimeSpan HousekeepingPeriod = TimeSpan.FromSeconds(1);

    private readonly SchedulingQueue queue = new(clock);
    private IGrainTimer? wakeUp;
    private DateTimeOffset? wakeUpAt;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Rebuilt just after activation, not during it: the call that activates this grain may come
        // from a job that is itself activating, and a call back to it now would wait for ever.
        this.RegisterGrainTimer(async () =>
        {
            await RebuildAsync();
            DispatchReady();
        }, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        this.RegisterGrainTimer(Housekeeping, new GrainTimerCreationOptions(HousekeepingPeriod, HousekeepingPeriod));
        return Task.CompletedTask;
    }

    /// <summary>
    /// A dispatch is a one-way message: one lost on the way (its silo died, say) must not hold a slot
    /// for ever. Each tick also dispatches chunks whose backoff has ended, should their wake-up be missed.
    /// </summary>
    private Task Housekeeping()
    {
        var lost = queue.TakeUnconfirmed(SchedulingQueue.DispatchConfirmTimeout);
        if (lost.Count > 0)
            logger.LogWarning("{Count} dispatch(es) never started; queued again: {Chunks}", lost.Count, string.Join(", ", lost));
        DispatchReady();
        return Task.CompletedTask;
    }

    async Task ISchedulerGrain.EnqueueAsync(JobTicket job, IReadOnlyList<ChunkWork> chunks)
    {
        if (!record.State.Jobs.ContainsKey(job.JobId))
        {
            record.State.Jobs[job.JobId] = job;
            await record.WriteStateAsync();
        }
        queue.Enqueue(job, chunks);
        DispatchReady();
    }

    Task ISchedulerGrain.ChunkStartedAsync(ChunkReport report)
    {
        queue.Confirm(report);
        return Task.CompletedTask;
    }

    Task ISchedulerGrain.ChunkFinishedAsync(ChunkReport report, ChunkOutcome outcome)
    {
        logger.LogDebug("Chunk {Chunk} lane {Lane} attempt {Attempt} on {Node} finished: {Outcome}", report.Chunk, report.Lane, report.Attempt, report.Node, outcome);
        queue.Finished(report, outcome);
        DispatchReady();
        return Task.CompletedTask;
    }

    async Task ISchedulerGrain.ForgetJobAsync(Guid jobId)
    {
        queue.ForgetJob(jobId);
        if (record.State.Jobs.Remove(jobId))
            await record.WriteStateAsync();
        DispatchReady();
    }

    Task ISchedulerGrain.AbandonAsync(ChunkReport report, ChunkWork? requeue)
    {
        logger.LogDebug("Chunk {Chunk} attempt {Attempt} on {Node} abandoned; queued again: {Requeue}", report.Chunk, report.Attempt, report.Node, requeue is not null);
        queue.Abandon(report, requeue);
        DispatchReady();
        return Task.CompletedTask;
    }

    Task ISchedulerGrain.BlocklistAsync(Guid jobId, string nodeId)
    {
        queue.Blocklist(jobId, nodeId);
        logger.LogWarning("Node {Node} is blocklisted for job {Job}", nodeId, jobId);
        return Task.CompletedTask;
    }

    Task ISchedulerGrain.NodeUpAsync(NodeInfo node)
    {
        queue.NodeUp(node);
        logger.LogInformation("Node {Node} on {Silo} is up with {Slots} slot(s)", node.NodeId, node.Silo, node.Capabilities.RenderSlots);
        DispatchReady();
        return Task.CompletedTask;
    }

    Task ISchedulerGrain.NodeDownAsync(string nodeId)
    {
        NodeDown(nodeId);
        return Task.CompletedTask;
    }

    Task ISchedulerGrain.SiloDownAsync(SiloAddress silo)
    {
        foreach (var node in queue.NodesOn(silo))
            NodeDown(node);
        return Task.CompletedTask;
    }

    Task<SchedulerSnapshot> ISchedulerGrain.GetSnapshotAsync() => Task.FromResult(queue.Snapshot());

    private void NodeDown(string nodeId)
    {
        var lost = queue.NodeDown(nodeId);
        logger.LogWarning("Node {Node} is down; {Count} chunk(s) go back to the queue at {Time:O}", nodeId, lost.Count, clock.GetUtcNow());
        DispatchReady();
    }

    private void DispatchReady()
    {
        Send(queue.TakeDispatches());
        // Chunks waiting out a backoff need a wake-up even when nothing else happens.
        if (queue.NextWakeUp is { } next && next != wakeUpAt)
        {
            wakeUp?.Dispose();
            wakeUpAt = next;
            wakeUp = this.RegisterGrainTimer(() =>
            {
                wakeUpAt = null;
                DispatchReady();
                return Task.CompletedTask;
            }, new GrainTimerCreationOptions(Max(next - clock.GetUtcNow(), TimeSpan.Zero), Timeout.InfiniteTimeSpan));
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private void Send(IReadOnlyList<ChunkAssignment> assignments)
    {
        foreach (var assignment in assignments)
        {
            logger.LogDebug("Dispatching chunk {Chunk} lane {Lane} attempt {Attempt} to {Node}", assignment.Chunk, assignment.Lane, assignment.Attempt, assignment.Node);
            var previous = RequestContext.Get(IPlacementDirector.PlacementHintKey);
            RequestContext.Set(IPlacementDirector.PlacementHintKey, assignment.Silo);
            try
            {
                GrainFactory.GetGrain<IRenderChunkGrain>(assignment.Chunk.GrainKey(assignment.Lane)).StartAsync(assignment).Ignore();
            }
            finally
            {
                if (previous is null)
                    RequestContext.Remove(IPlacementDirector.PlacementHintKey);
                else
                    RequestContext.Set(IPlacementDirector.PlacementHintKey, previous);
            }
        }
    }

    /// <summary>After this grain moved or restarted: nodes from the registry, chunks from the active jobs.</summary>
    private async Task RebuildAsync()
    {
        var alive = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress)
            .ToHashSet();
        var nodes = await GrainFactory.GetGrain<INodeRegistryGrain>(this.GetPrimaryKeyString()).GetNodesAsync();
        foreach (var node in nodes.Where(n => n.State == NodeState.Ready && alive.Contains(n.Info.Silo)))
            queue.NodeUp(node.Info);

        foreach (var jobId in record.State.Jobs.Keys.ToList())
        {
            var view = await GrainFactory.GetGrain<Jobs.IRenderJobGrain>(jobId).GetSchedulingViewAsync();
            if (view is null)
            {
                record.State.Jobs.Remove(jobId);
                continue;
            }
            var waiting = new List<ChunkWork>();
            foreach (var chunk in view.Chunks)
            {
                if (chunk.RunningOn is { } node && queue.HasNode(node))
                    queue.Adopt(view.Ticket, chunk.Work, node, chunk.Attempt);
                else
                    waiting.Add(chunk.Work);
            }
            queue.Enqueue(view.Ticket, waiting);
        }
    }
}
