using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Placement;
using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Nodes;
using RenderFarm.Telemetry;
using RenderFarm.Timelines;

namespace RenderFarm.Scheduling;

/// <summary>
/// One per pool. Keeps a <see cref="SchedulingQueue"/>, and after every change sends each order that
/// won a slot to its node: the piece's grain is called with the node's silo as placement hint, so the
/// activation, and the render, happen there. Jobs tell it what changes scheduling; it tells no one.
/// </summary>
public sealed class SchedulerGrain(
    [PersistentState("scheduler", RenderFarmNames.Storage)] IPersistentState<SchedulerRecord> record,
    IClusterMembershipService membership,
    IJobIndex index,
    RenderFarmMetrics metrics,
    SchedulerGauges gauges,
    IOptions<SchedulingOptions> options,
    TimeProvider clock,
    ILogger<SchedulerGrain> logger) : Grain, ISchedulerGrain
{
    /// <summary>How often the scheduler looks for lost dispatches and for orders whose backoff is over.</summary>
    private static readonly TimeSpan HousekeepingPeriod = TimeSpan.FromSeconds(1);

    /// <summary>How often the pool's count of jobs by state is read from the job index for its gauge.</summary>
    private static readonly TimeSpan JobCountPeriod = TimeSpan.FromSeconds(5);

    /// <summary>Made at activation, when the pool (this grain's key) is known.</summary>
    private SchedulingQueue queue = null!;
    private string pool = "";
    private IReadOnlyDictionary<string, int> jobsByState = new Dictionary<string, int>();
    private DateTimeOffset jobsCountedAt = DateTimeOffset.MinValue;
    private IGrainTimer? wakeUp;
    private DateTimeOffset? wakeUpAt;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        pool = this.GetPrimaryKeyString();
        queue = new SchedulingQueue(clock, (key, waited) => metrics.Dispatched(pool, key.Kind, waited), options.Value);
        queue.Paused = record.State.Paused;
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

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The pool's gauges go with the scheduler: the silo it activates on next reports them.
        gauges.Withdraw(pool);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A dispatch is a one-way message: one lost on the way (its silo died, say) must not hold a slot
    /// for ever. Each tick also dispatches orders whose backoff has ended, should their wake-up be missed.
    /// </summary>
    private async Task Housekeeping()
    {
        var lost = queue.TakeUnconfirmed(SchedulingQueue.DispatchConfirmTimeout);
        if (lost.Count > 0)
            logger.LogWarning("{Count} dispatch(es) never started; sent again: {Work}", lost.Count, string.Join(", ", lost));
        DispatchReady();
        await ReportGaugesAsync();
    }

    private async Task ReportGaugesAsync()
    {
        if (clock.GetUtcNow() - jobsCountedAt >= JobCountPeriod)
        {
            jobsCountedAt = clock.GetUtcNow();
            try
            {
                jobsByState = (await index.CountByStateAsync(pool)).ToDictionary(c => RenderFarmMetrics.Label(c.Key), c => c.Value);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A gauge is not worth failing housekeeping for: the last counts stand until the next try.
                logger.LogDebug("Pool {Pool}: jobs not counted by state: {Error}", pool, e.Message);
            }
        }
        var (queued, slots, used, nodes) = queue.Counts();
        gauges.Report(pool, new PoolReading(queued, slots, used, nodes, queue.Paused, jobsByState));
    }

    async Task ISchedulerGrain.EnqueueAsync(JobTicket job, ResolvedTimeline spec, IReadOnlyList<WorkOrder> orders)
    {
        if (!record.State.Jobs.ContainsKey(job.JobId))
        {
            record.State.Jobs[job.JobId] = job;
            await record.WriteStateAsync();
        }
        queue.Enqueue(job, spec, orders);
        DispatchReady();
    }

    async Task ISchedulerGrain.UpdateTicketAsync(JobTicket job)
    {
        if (record.State.Jobs.ContainsKey(job.JobId))
        {
            record.State.Jobs[job.JobId] = job;
            await record.WriteStateAsync();
        }
        queue.UpdateTicket(job);
        DispatchReady();
    }

    Task ISchedulerGrain.WithdrawAsync(Guid jobId)
    {
        queue.Withdraw(jobId);
        return Task.CompletedTask;
    }

    Task ISchedulerGrain.AttemptStartedAsync(AttemptRef attempt)
    {
        queue.Started(attempt);
        return Task.CompletedTask;
    }

    Task ISchedulerGrain.AttemptEndedAsync(AttemptRef attempt)
    {
        queue.Ended(attempt);
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

    Task ISchedulerGrain.NodeUpAsync(NodeInfo node)
    {
        queue.NodeUp(node);
        logger.LogInformation("Node {Node} on {Silo} is up with {Slots} slot(s)", node.NodeId, node.Silo, node.Capabilities.RenderSlots);
        DispatchReady();
        return Task.CompletedTask;
    }

    Task ISchedulerGrain.NodeHoldsAsync(string nodeId, IReadOnlyList<string> sha256s)
    {
        queue.NodeHolds(nodeId, sha256s);
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

    async Task ISchedulerGrain.PausePoolAsync()
    {
        queue.Paused = record.State.Paused = true;
        await record.WriteStateAsync();
        logger.LogWarning("Pool {Pool} paused: nothing is dispatched until it is resumed", this.GetPrimaryKeyString());
    }

    async Task ISchedulerGrain.ResumePoolAsync()
    {
        queue.Paused = record.State.Paused = false;
        await record.WriteStateAsync();
        logger.LogInformation("Pool {Pool} resumed", this.GetPrimaryKeyString());
        DispatchReady();
    }

    Task<SchedulerSnapshot> ISchedulerGrain.GetSnapshotAsync() => Task.FromResult(queue.Snapshot());

    private void NodeDown(string nodeId)
    {
        var lost = queue.NodeDown(nodeId);
        logger.LogWarning("Node {Node} is down at {Time:O}; its {Count} slot(s) in use are gone, their jobs send the work elsewhere", nodeId, clock.GetUtcNow(), lost.Count);
        DispatchReady();
    }

    private void DispatchReady()
    {
        Send(queue.TakeDispatches());
        // Orders waiting out a backoff need a wake-up even when nothing else happens.
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

    private void Send(IReadOnlyList<WorkAssignment> assignments)
    {
        foreach (var assignment in assignments)
        {
            logger.LogDebug("Dispatching {Work} attempt {Attempt} to {Node}", assignment.Order.Key, assignment.Order.Attempt, assignment.Node);
            var previous = RequestContext.Get(IPlacementDirector.PlacementHintKey);
            RequestContext.Set(IPlacementDirector.PlacementHintKey, assignment.Silo);
            try
            {
                GrainFactory.GetGrain<IRenderChunkGrain>(assignment.Order.Key.GrainKey).StartAsync(assignment).Ignore();
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

    /// <summary>After this grain moved or restarted: nodes from the registry, orders and running attempts from the active jobs.</summary>
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
            var view = await GrainFactory.GetGrain<IRenderJobGrain>(jobId).GetSchedulingViewAsync();
            if (view is null)
            {
                record.State.Jobs.Remove(jobId);
                continue;
            }
            queue.Enqueue(view.Ticket, view.Spec, view.Queued);
            foreach (var attempt in view.Running)
                queue.Started(attempt);
        }
    }
}
