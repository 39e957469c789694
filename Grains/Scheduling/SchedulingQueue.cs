using RenderFarm.Chunks;
using RenderFarm.Nodes;

namespace RenderFarm.Scheduling;

/// <summary>
/// The scheduler's bookkeeping as plain data: the ordered queue, every node's slots, what runs where,
/// and which nodes each job must avoid. It never calls out; <see cref="TakeDispatches"/> says what
/// the grain should send.
/// </summary>
public sealed class SchedulingQueue(TimeProvider clock)
{
    private const int RecentDispatchesKept = 2000;

    /// <summary>A dispatch whose attempt has not said it started by then is taken as lost and sent again.</summary>
    public static readonly TimeSpan DispatchConfirmTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a misplaced attempt waits before it is sent again (its old activation is still winding down).</summary>
    public static readonly TimeSpan MisplacedRetryDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between re-sends of an attempt that keeps being turned away.</summary>
    public static readonly TimeSpan MisplacedRetryDelayLimit = TimeSpan.FromSeconds(8);

    /// <summary>The wait before re-sending an attempt turned away <paramref name="times"/> times in a row: doubling from <see cref="MisplacedRetryDelay"/>.</summary>
    public static TimeSpan MisplacedDelay(int times) =>
        TimeSpan.FromTicks(Math.Min(MisplacedRetryDelayLimit.Ticks, MisplacedRetryDelay.Ticks << Math.Min(times - 1, 10)));

    private readonly SortedSet<QueuedChunk> queue = new(DispatchOrder.Instance);
    private readonly Dictionary<LaneKey, QueuedChunk> queued = [];
    private readonly Dictionary<string, NodeEntry> nodes = [];
    private readonly Dictionary<LaneKey, Running> running = [];
    private readonly Dictionary<ChunkKey, int> attempts = [];
    private readonly Dictionary<Guid, JobTicket> jobs = [];
    private readonly Dictionary<Guid, HashSet<string>> blocklists = [];
    private readonly Queue<Dispatch> recent = new();
    private long dispatchedTotal;

    private sealed record NodeEntry(NodeInfo Info, HashSet<LaneKey> Running)
    {
        public int FreeSlots => Info.Capabilities.RenderSlots - Running.Count;
    }

    private sealed record Running(QueuedChunk Entry, string Node, int Attempt, DateTimeOffset DispatchedAt)
    {
        public bool Confirmed { get; set; }
    }

    public void Enqueue(JobTicket job, IEnumerable<ChunkWork> chunks)
    {
        jobs[job.JobId] = job;
        foreach (var work in chunks)
            Add(new QueuedChunk(job, work));
    }

    /// <summary>Marks a chunk as running on a node without dispatching it (rebuilding after a restart).</summary>
    public void Adopt(JobTicket job, ChunkWork work, string nodeId, int attempt)
    {
        jobs[job.JobId] = job;
        var key = new LaneKey(work.Chunk, work.Lane);
        if (!nodes.TryGetValue(nodeId, out var node) || running.ContainsKey(key))
            return;
        running[key] = new Running(new QueuedChunk(job, work), nodeId, attempt, clock.GetUtcNow()) { Confirmed = true };
        attempts[work.Chunk] = Math.Max(attempts.GetValueOrDefault(work.Chunk), attempt);
        node.Running.Add(key);
    }

    public void Confirm(ChunkReport report)
    {
        if (running.TryGetValue(new LaneKey(report.Chunk, report.Lane), out var entry) && entry.Attempt == report.Attempt)
            entry.Confirmed = true;
    }

    /// <summary>Frees the slots of dispatches not confirmed within <paramref name="timeout"/> and queues their chunks again.</summary>
    public IReadOnlyList<ChunkKey> TakeUnconfirmed(TimeSpan timeout)
    {
        var now = clock.GetUtcNow();
        var lost = running.Where(r => !r.Value.Confirmed && now - r.Value.DispatchedAt > timeout).ToList();
        foreach (var (key, entry) in lost)
        {
            Release(new ChunkReport(key.Chunk, entry.Attempt, entry.Node, key.Lane));
            // Maybe it runs after all, unheard: the next attempt needs a number of its own.
            Add(entry.Entry with { ResendAttempt = null, TimesTurnedAway = 0 });
        }
        return lost.Select(l => l.Key.Chunk).ToList();
    }

    /// <summary>Frees the slot of a finished attempt; a misplaced attempt goes back to the queue.</summary>
    public void Finished(ChunkReport report, ChunkOutcome outcome)
    {
        if (Release(report) is { } entry && outcome == ChunkOutcome.Misplaced)
        {
            var times = entry.ResendAttempt == report.Attempt ? entry.TimesTurnedAway + 1 : 1;
            Add(entry with
            {
                Work = entry.Work with { NotBefore = clock.GetUtcNow() + MisplacedDelay(times) },
                ResendAttempt = report.Attempt,
                TimesTurnedAway = times,
            });
        }
    }

    /// <summary>Frees the slot of a given-up attempt and, if asked, queues the chunk again.</summary>
    public void Abandon(ChunkReport report, ChunkWork? requeue)
    {
        Release(report);
        if (requeue is not null && jobs.TryGetValue(report.Chunk.JobId, out var job))
            Add(new QueuedChunk(job, requeue));
    }

    public void Blocklist(Guid jobId, string nodeId)
    {
        if (!blocklists.TryGetValue(jobId, out var nodesOfJob))
            blocklists[jobId] = nodesOfJob = new HashSet<string>(StringComparer.Ordinal);
        nodesOfJob.Add(nodeId);
    }

    public void ForgetJob(Guid jobId)
    {
        jobs.Remove(jobId);
        blocklists.Remove(jobId);
        foreach (var entry in queue.Where(c => c.Job.JobId == jobId).ToList())
        {
            queue.Remove(entry);
            queued.Remove(entry.Key);
        }
        foreach (var key in running.Keys.Where(k => k.Chunk.JobId == jobId).ToList())
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
        if (nodes.TryGetValue(info.NodeId, out var existing))
        {
            if (existing.Info.Silo.Equals(info.Silo))
            {
                nodes[info.NodeId] = existing with { Info = info };
                return;
            }
            // News of an earlier run of the node (a rebuild reading an old registration) never
            // replaces a later one: silo generations grow with start time.
            if (existing.Info.Silo.Generation > info.Silo.Generation)
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
            // A lost backup is not worth another try: the chunk's own lane still runs or is queued.
            if (running.Remove(key, out var entry) && key.Lane == ChunkKey.PrimaryLane)
                Add(entry.Entry with { Work = entry.Entry.Work with { AvoidNodes = [.. entry.Entry.Work.Avoid, nodeId] } });
        }
        return lost.Select(k => k.Chunk).ToList();
    }

    public bool HasNode(string nodeId) => nodes.ContainsKey(nodeId);

    public IReadOnlyList<string> NodesOn(SiloAddress silo) =>
        nodes.Values.Where(n => n.Info.Silo.Equals(silo)).Select(n => n.Info.NodeId).ToList();

    /// <summary>
    /// Pairs queued chunks with free slots, best chunk first (<see cref="DispatchOrder"/>). For each
    /// chunk, the node is chosen by these rules, in order:
    /// 0. the chunk's backoff (if any) is over;
    /// 1. it has a free slot (a backup lane needs an idle node: no chunk running at all);
    /// 2. it is not blocklisted for the chunk's job, unless every node is;
    /// 3. it is not one the chunk should avoid (failed or stalled there), if another will do;
    /// 4. it has the most free slots, then the fastest benchmark, then the lowest id.
    /// A chunk no node can take now stays queued and the next one is tried.
    /// </summary>
    public IReadOnlyList<ChunkAssignment> TakeDispatches()
    {
        var assignments = new List<ChunkAssignment>();
        var taken = new List<QueuedChunk>();
        var now = clock.GetUtcNow();
        foreach (var entry in queue)
        {
            if (!nodes.Values.Any(n => n.FreeSlots > 0))
                break;
            if (entry.Work.NotBefore > now || PickNode(entry) is not { } node)
                continue;
            taken.Add(entry);
            var attempt = entry.ResendAttempt ?? attempts.GetValueOrDefault(entry.Work.Chunk) + 1;
            attempts[entry.Work.Chunk] = Math.Max(attempts.GetValueOrDefault(entry.Work.Chunk), attempt);
            running[entry.Key] = new Running(entry, node.Info.NodeId, attempt, now);
            node.Running.Add(entry.Key);
            assignments.Add(new ChunkAssignment(entry.Work.Chunk, entry.Work.Range, attempt, node.Info.NodeId, node.Info.Silo, entry.Work.Lane));
            Record(new Dispatch(entry.Work.Chunk, attempt, node.Info.NodeId, clock.GetUtcNow()));
        }
        foreach (var entry in taken)
        {
            queue.Remove(entry);
            queued.Remove(entry.Key);
        }
        return assignments;
    }

    /// <summary>The earliest time a waiting chunk becomes ready, if any waits.</summary>
    public DateTimeOffset? NextWakeUp
    {
        get
        {
            var now = clock.GetUtcNow();
            return queued.Values.Select(q => q.Work.NotBefore).Where(t => t > now).Min();
        }
    }

    public SchedulerSnapshot Snapshot() => new(
        nodes.Values.OrderBy(n => n.Info.NodeId, StringComparer.Ordinal)
            .Select(n => new NodeSlots(n.Info.NodeId, n.Info.Capabilities.RenderSlots, n.Running.Count)).ToList(),
        queue.Count, running.Count, dispatchedTotal, recent.ToList(), jobs.Count);

    private NodeEntry? PickNode(QueuedChunk entry)
    {
        var blocked = blocklists.GetValueOrDefault(entry.Job.JobId);
        var everyNodeBlocked = blocked is not null && nodes.Keys.All(blocked.Contains);
        var candidates = nodes.Values
            .Where(n => entry.Work.Lane == ChunkKey.PrimaryLane ? n.FreeSlots > 0 : n.Running.Count == 0)
            .Where(n => everyNodeBlocked || blocked?.Contains(n.Info.NodeId) != true)
            .ToList();
        var preferred = candidates.Where(n => !entry.Work.Avoid.Contains(n.Info.NodeId)).ToList();
        if (entry.Work.Lane != ChunkKey.PrimaryLane)
            candidates = preferred;
        return (preferred.Count > 0 ? preferred : candidates)
            .OrderByDescending(n => n.FreeSlots)
            .ThenByDescending(n => n.Info.Capabilities.BenchmarkFps)
            .ThenBy(n => n.Info.NodeId, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private QueuedChunk? Release(ChunkReport report)
    {
        var key = new LaneKey(report.Chunk, report.Lane);
        if (!running.TryGetValue(key, out var entry) || entry.Attempt != report.Attempt)
            return null;
        running.Remove(key);
        if (nodes.TryGetValue(entry.Node, out var node))
            node.Running.Remove(key);
        return entry.Entry;
    }

    private void Add(QueuedChunk entry)
    {
        if (!jobs.TryGetValue(entry.Job.JobId, out var job) || running.ContainsKey(entry.Key) || queued.ContainsKey(entry.Key))
            return;
        entry = entry with { Job = job };
        attempts[entry.Work.Chunk] = Math.Max(attempts.GetValueOrDefault(entry.Work.Chunk), entry.Work.AttemptsSoFar);
        queued[entry.Key] = entry;
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
