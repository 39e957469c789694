using RenderFarm.Chunks;
using RenderFarm.Jobs;
using RenderFarm.Nodes;
using RenderFarm.Scheduling;

namespace RenderFarm.Metrics;

/// <summary>
/// Reads a pool's <see cref="FarmMetrics"/> from what its grains expose: the node registry (every node,
/// its last report), the scheduler (slots, queue), the job index (jobs by state, the active ones) and the
/// status of each active job (frames of running chunks included), all asked at once.
/// </summary>
public sealed class FarmMetricsReader(IGrainFactory grains, string pool, TimeProvider clock)
{
    /// <summary>The most active jobs a reading holds, newest first; <see cref="FarmMetrics.ActiveJobCount"/> counts them all.</summary>
    public const int MaxJobs = 50;

    public async Task<FarmMetrics> ReadAsync(FarmMetrics? previous, CancellationToken cancellationToken)
    {
        var index = grains.GetGrain<IJobIndexGrain>(IJobIndexGrain.Key);
        // Asked at once; awaited one by one.
        var nodesCall = grains.GetGrain<INodeRegistryGrain>(pool).GetNodesAsync();
        var schedulerCall = grains.GetGrain<ISchedulerGrain>(pool).GetSnapshotAsync();
        var countsCall = index.CountByStateAsync(pool);
        var activeCall = index.ListAsync(new JobQuery { States = [.. JobStates.Active], Pool = pool, Limit = MaxJobs });
        var nodes = await nodesCall.WaitAsync(cancellationToken);
        var snapshot = await schedulerCall.WaitAsync(cancellationToken);
        var jobsByState = await countsCall.WaitAsync(cancellationToken);
        var active = await activeCall.WaitAsync(cancellationToken);
        var statuses = await Task.WhenAll(active.Jobs.Select(job => grains.GetGrain<IRenderJobGrain>(job.JobId).GetStatusAsync())).WaitAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var reading = new FarmMetrics
        {
            ReadAt = now,
            Pool = pool,
            NodesByState = nodes.GroupBy(n => n.State).ToDictionary(g => g.Key, g => g.Count()),
            Slots = snapshot.Nodes.Sum(n => n.Slots),
            SlotsBusy = snapshot.Nodes.Sum(n => n.Running),
            Queued = snapshot.Queued,
            Running = snapshot.Running,
            Paused = snapshot.Paused,
            JobsByState = jobsByState,
            Nodes = Nodes(nodes, snapshot, now),
            Currency = nodes.Select(n => n.Info.Capabilities.Price.Currency).FirstOrDefault() ?? "USD",
            // A job the index listed may have ended before its status was asked.
            Jobs = statuses.Where(s => JobStates.Active.Contains(s.State)).Select(s => Job(s, now)).ToList(),
        };
        return FarmMetricsRates.Apply(reading, previous);
    }

    private static List<NodeMetrics> Nodes(IReadOnlyList<NodeStatus> nodes, SchedulerSnapshot snapshot, DateTimeOffset now)
    {
        var scheduled = snapshot.Nodes.ToDictionary(n => n.NodeId, StringComparer.Ordinal);
        return nodes.OrderBy(n => n.State).ThenBy(n => n.Info.NodeId, StringComparer.Ordinal).Select(node =>
        {
            var slots = scheduled.GetValueOrDefault(node.Info.NodeId);
            return new NodeMetrics
            {
                NodeId = node.Info.NodeId,
                State = node.State,
                Slots = node.Info.Capabilities.RenderSlots,
                // The scheduler's count is current; the node's own is as of its last report, and a dead node runs nothing.
                Running = slots?.Running ?? (node.State == NodeState.Dead ? 0 : node.Load.Running),
                Assembling = slots?.Assembling ?? false,
                ChunksCompleted = node.Load.ChunksRendered,
                ChunksFailed = node.Load.ChunksFailed,
                FramesRendered = node.Load.FramesRendered,
                CpuShare = node.Load.CpuShare,
                MemoryUsedBytes = node.Load.MemoryUsedBytes,
                MemoryTotalBytes = node.Load.MemoryTotalBytes,
                LastReportAt = node.LastReportAt,
                Uptime = now - node.RegisteredAt,
                HourlyPrice = node.Info.Capabilities.Price.HourlyPrice,
            };
        }).ToList();
    }

    private static JobMetrics Job(JobStatus status, DateTimeOffset now) => new()
    {
        JobId = status.JobId,
        Name = status.Name,
        Submitter = status.Submitter,
        State = status.State,
        Priority = status.Priority,
        FramesDone = status.FramesDone,
        TotalFrames = status.TotalFrames,
        ChunksDone = status.ChunksDone,
        ChunksTotal = status.Chunks.Count,
        ChunksRunning = status.Chunks.Append(status.Sound).Append(status.Merge).Count(c => c?.State == ChunkState.Rendering),
        Elapsed = now - status.SubmittedAt,
        Cost = status.Cost.Actual,
        Cap = status.Cost.Cap,
        Currency = status.Cost.Currency,
    };
}
