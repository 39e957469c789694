using RenderFarm.Chunks;
using RenderFarm.Nodes;

namespace RenderFarm.Scheduling;

/// <summary>
/// The scheduler's bookkeeping as plain data: the ordered queue, every node's slots and what runs
/// where. It never calls out; <see cref="TakeDispatches"/> says what the grain should send.
/// </summary>
public sealed class SchedulingQueue(TimeProvider clock)
{
    private const int RecentDispatchesKept = 2000;

    private readonly SortedSet<QueuedChunk> queue = new(DispatchOrder.Instance);
    private readonly Dictionary<ChunkKey, QueuedChunk> queued = [];
    private readonly Dictionary<string, NodeEntry> nodes = [];
    private readonly Dictionary<ChunkKey, Running> running = [];
    private readonly Dictionary<ChunkKey, int> attempts = [];
    private readonly Dictionary<Guid, JobTicket> jobs = [];
    private readonly Queue<Dispatch> recent = new();
    private long dispatchedTotal;

    private sealed record NodeEntry(NodeInfo Info, HashSet<ChunkKey> Running);
    private sealed record Running(QueuedChunk Work, string Node, int Attempt);

    public IEnumerable<Guid> Jobs => jobs.Keys;

    public void Enqueue(JobTicket job, IEnumerable<ChunkWork> chunks)
    {
        jobs[job.JobId] = job;
        foreach (var work in chunks)
        {
            if (running.ContainsKey(work.Chunk) || queued.ContainsKey(work.Chunk))
                continue;
            var entry = new QueuedChunk(job, work.Chunk, work.Range);
            queued[work.Chunk] = entry;
            queue.Add(entry);
        }
    }

    /// <summary>Marks a chunk as running on a node without dispatching it (rebuilding after a restart).</summary>
    public void Adopt(JobTicket job, ChunkWork work, string nodeId, int attempt)
    {
        jobs[job.JobId] = job;
        if (!nodes.TryGetValue(nodeId, out var node) || running.ContainsKey(work.Chunk))
            return;
        running[work.Chunk] = new Running(new QueuedChunk(job, work.Chunk, work.Range), nodeId, attempt);
        attempts[work.Chunk] = Math.Max(attempts.GetValueOrDefault(work.Chunk), attempt);
        node.Running.Add(work.Chunk);
    }

    /// <summary>Frees the slot of a finished attempt; a misplaced attempt goes back to the queue.</summary>
    public void Finished(ChunkReport report, ChunkOutcome outcome)
    {
        if (!running.TryGetValue(report.Chunk, out var entry) || entry.Attempt != report.Attempt)
            return;
        running.Remove(report.Chunk);
        if (nodes.TryGetValue(entry.Node, out var node))
            node.Running.Remove(report.Chunk);
        if (outcome == ChunkOutcome.Misplaced && jobs.ContainsKey(report.Chunk.JobId))
            Requeue(entry.Work);
    }

    public void ForgetJob(Guid jobId)
    {
        jobs.Remove(jobId);
        foreach (var entry in queue.Where(c => c.Job.JobId == jobId).ToList())
        {
            queue.Remove(entry);
            queued.Remove(entry.Chunk);
        }
        foreach (var key in running.Keys.Where(k => k.JobId == jobId).ToList())
        {
            if (nodes.TryGetValue(running[key].Node, out var node))
                node.Running.Remove(key);
            running.Remove(key);
        }
        foreach (var key in attempts.Keys.Where(k => k.JobId == jobId).ToList())
            attempts.Remove(key);
    }

    public void NodeUp(NodeInfo info)
    {
        if (nodes.TryGetValue(info.NodeId, out var existing) && existing.Info.Silo.Equals(info.Silo))
        {
            nodes[info.NodeId] = existing with { Info = info };
            return;
        }
        // A node id seen again on another silo is a restarted node: its old attempts died with it.
        NodeDown(info.NodeId);
        nodes[info.NodeId] = new NodeEntry(info, []);
    }

    /// <summary>Removes a node and puts every chunk it was rendering back in the queue.</summary>
    public IReadOnlyList<ChunkKey> NodeDown(string nodeId)
    {
        if (!nodes.Remove(nodeId, out var node))
            return [];
        var lost = node.Running.ToList();
        foreach (var key in lost)
        {
            if (running.Remove(key, out var entry))
                Requeue(entry.Work);
        }
        return lost;
    }

    public bool HasNode(string nodeId) => nodes.ContainsKey(nodeId);

    public IReadOnlyList<string> NodesOn(SiloAddress silo) =>
        nodes.Values.Where(n => n.Info.Silo.Equals(silo)).Select(n => n.Info.NodeId).ToList();

    /// <summary>
    /// Pairs queued chunks with free slots, best chunk first. Each goes to the node with the most free
    /// slots, ties broken by the faster benchmark, so that work spreads over the farm.
    /// </summary>
    public IReadOnlyList<ChunkAssignment> TakeDispatches()
    {
        var assignments = new List<ChunkAssignment>();
        while (queue.Count > 0)
        {
            var node = nodes.Values
                .Where(n => n.Running.Count < n.Info.Capabilities.RenderSlots)
                .OrderByDescending(n => n.Info.Capabilities.RenderSlots - n.Running.Count)
                .ThenByDescending(n => n.Info.Capabilities.BenchmarkFps)
                .ThenBy(n => n.Info.NodeId, StringComparer.Ordinal)
                .FirstOrDefault();
            if (node is null)
                break;
            var next = queue.Min!;
            queue.Remove(next);
            queued.Remove(next.Chunk);
            var attempt = attempts.GetValueOrDefault(next.Chunk) + 1;
            attempts[next.Chunk] = attempt;
            running[next.Chunk] = new Running(next, node.Info.NodeId, attempt);
            node.Running.Add(next.Chunk);
            assignments.Add(new ChunkAssignment(next.Chunk, next.Range, attempt, node.Info.NodeId, node.Info.Silo));
            Record(new Dispatch(next.Chunk, attempt, node.Info.NodeId, clock.GetUtcNow()));
        }
        return assignments;
    }

    public SchedulerSnapshot Snapshot() => new(
        nodes.Values.OrderBy(n => n.Info.NodeId, StringComparer.Ordinal)
            .Select(n => new NodeSlots(n.Info.NodeId, n.Info.Capabilities.RenderSlots, n.Running.Count)).ToList(),
        queue.Count, running.Count, dispatchedTotal, recent.ToList(), jobs.Count);

    private void Requeue(QueuedChunk work)
    {
        if (!jobs.TryGetValue(work.Job.JobId, out var job) || queued.ContainsKey(work.Chunk))
            return;
        var entry = work with { Job = job };
        queued[work.Chunk] = entry;
        queue.Add(entry);
    }

    private void Record(Dispatch dispatch)
    {
        dispatchedTotal++;
        recent.Enqueue(dispatch);
        if (recent.Count > RecentDispatchesKept)
            recent.Dequeue();
    }
}
