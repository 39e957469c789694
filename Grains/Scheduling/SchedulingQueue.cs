using RenderFarm.Nodes;
using RenderFarm.Timelines;

namespace RenderFarm.Scheduling;

/// <summary>
/// The scheduler's bookkeeping as plain data: the ordered queue of orders, every node's slots and
/// what runs where. Slots are its one fact; attempt numbers and nodes to avoid come with each order
/// from its job. It never calls out: <see cref="TakeDispatches"/> says what the grain should send.
/// </summary>
/// <param name="dispatched">Told of each dispatch and how long its order waited (the farm's queue-wait metric).</param>
public sealed class SchedulingQueue(TimeProvider clock, Action<WorkKey, TimeSpan>? dispatched = null)
{
    private const int RecentDispatchesKept = 2000;

    /// <summary>A dispatch whose attempt has not been heard to start by then is taken as lost and sent again.</summary>
    public static readonly TimeSpan DispatchConfirmTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Chunks, and apart from them the sounds and merges: each line waits for its own kind of slot.</summary>
    private readonly SortedSet<QueuedWork> renders = new(DispatchOrder.Instance);
    private readonly SortedSet<QueuedWork> assembly = new(DispatchOrder.Instance);
    private readonly Dictionary<WorkKey, QueuedWork> queued = [];
    /// <summary>The queued orders of each job, so that withdrawing or forgetting one job does not walk the whole queue.</summary>
    private readonly Dictionary<Guid, HashSet<WorkKey>> queuedByJob = [];
    /// <summary>Queued orders that wait out a backoff: the only ones a wake-up is needed for.</summary>
    private readonly HashSet<WorkKey> waiting = [];
    private readonly Dictionary<string, NodeEntry> nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<WorkKey, Running> running = [];
    private readonly Dictionary<Guid, JobEntry> jobs = [];
    private readonly Queue<Dispatch> recent = new();
    private long dispatchedTotal;

    private sealed record JobEntry(JobTicket Ticket, ResolvedTimeline Spec);

    private sealed class Running(QueuedWork work, string node, DateTimeOffset dispatchedAt)
    {
        public QueuedWork Work { get; } = work;
        public string Node { get; set; } = node;
        public DateTimeOffset DispatchedAt { get; } = dispatchedAt;
        public bool Confirmed { get; set; }
        public int Attempt => Work.Order.Attempt;
    }

    /// <summary>While set, nothing is dispatched ("Pause all"); running work goes on.</summary>
    public bool Paused { get; set; }

    /// <summary>Queues a job's orders; an order for a piece already queued replaces it, a stale one (older than what runs) is dropped.</summary>
    public void Enqueue(JobTicket job, ResolvedTimeline spec, IEnumerable<WorkOrder> orders)
    {
        jobs[job.JobId] = new JobEntry(job, spec);
        foreach (var order in orders)
        {
            if (running.TryGetValue(order.Key, out var current))
            {
                if (current.Attempt > order.Attempt || (current.Attempt == order.Attempt && current.Confirmed))
                    continue;
                // The job has moved on from what runs here (or it was turned away): its slot is free.
                Release(order.Key);
            }
            Unqueue(order.Key);
            Queue(new QueuedWork(job, order) { QueuedAt = clock.GetUtcNow() });
        }
    }

    /// <summary>Drops a job's queued orders; what runs keeps its slot.</summary>
    public void Withdraw(Guid jobId)
    {
        if (queuedByJob.Remove(jobId, out var keys))
        {
            foreach (var key in keys)
                Unqueue(key);
        }
    }

    /// <summary>The attempt started: its slot is confirmed, even if the dispatch was thought lost or the scheduler restarted meanwhile.</summary>
    public void Started(AttemptRef attempt)
    {
        if (running.TryGetValue(attempt.Work, out var current) && current.Attempt >= attempt.Attempt)
        {
            if (current.Attempt == attempt.Attempt)
            {
                MoveTo(attempt.Work, current, attempt.Node);
                current.Confirmed = true;
            }
            return;
        }
        if (!jobs.TryGetValue(attempt.Work.JobId, out var job) || !nodes.ContainsKey(attempt.Node))
            return;
        var order = queued.TryGetValue(attempt.Work, out var waiting) && waiting.Order.Attempt == attempt.Attempt
            ? waiting.Order
            : null;
        if (order is null && queued.ContainsKey(attempt.Work))
            return;
        Unqueue(attempt.Work);
        if (current is not null)
            Release(attempt.Work);
        order ??= new WorkOrder(attempt.Work, attempt.Attempt, default, [], []);
        Occupy(new QueuedWork(job.Ticket, order), attempt.Node, confirmed: true);
    }

    /// <summary>The attempt ended (or was given up): its slot is free. A report about another attempt or node changes nothing.</summary>
    public void Ended(AttemptRef attempt)
    {
        if (running.TryGetValue(attempt.Work, out var current) && current.Attempt == attempt.Attempt && current.Node == attempt.Node)
            Release(attempt.Work);
    }

    /// <summary>Frees the slots of dispatches not confirmed within <paramref name="timeout"/> and queues them again under the same attempt.</summary>
    public IReadOnlyList<WorkKey> TakeUnconfirmed(TimeSpan timeout)
    {
        var now = clock.GetUtcNow();
        var lost = running.Where(r => !r.Value.Confirmed && now - r.Value.DispatchedAt > timeout).ToList();
        foreach (var (key, entry) in lost)
        {
            Release(key);
            Queue(entry.Work);
        }
        return lost.Select(l => l.Key).ToList();
    }

    public void ForgetJob(Guid jobId)
    {
        jobs.Remove(jobId);
        Withdraw(jobId);
        foreach (var key in running.Keys.Where(k => k.JobId == jobId).ToList())
            Release(key);
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
        // A node id seen again on another silo is a restarted node: its old slots died with it.
        NodeDown(info.NodeId);
        nodes[info.NodeId] = new NodeEntry(info, []);
    }

    /// <summary>Removes a node with its slots; its jobs learn that their attempts there ended and queue them again.</summary>
    public IReadOnlyList<WorkKey> NodeDown(string nodeId)
    {
        if (!nodes.Remove(nodeId, out var node))
            return [];
        var lost = node.Running.ToList();
        foreach (var key in lost)
            running.Remove(key);
        return lost;
    }

    public bool HasNode(string nodeId) => nodes.ContainsKey(nodeId);

    public IReadOnlyList<string> NodesOn(SiloAddress silo) =>
        nodes.Values.Where(n => n.Info.Silo.Equals(silo)).Select(n => n.Id).ToList();

    /// <summary>
    /// Pairs queued orders with free slots, best order first (<see cref="DispatchOrder"/>), each on
    /// the node <see cref="SchedulingPolicy"/> picks: sounds and merges in the assembly slots, chunks
    /// in the render slots. Nothing while the pool is paused.
    /// </summary>
    public IReadOnlyList<WorkAssignment> TakeDispatches()
    {
        if (Paused)
            return [];
        var assignments = new List<WorkAssignment>();
        Take(assembly, n => n.AssemblySlotFree, assignments);
        Take(renders, n => n.FreeSlots > 0, assignments);
        foreach (var assignment in assignments)
            Unqueue(assignment.Order.Key);
        return assignments;
    }

    private void Take(SortedSet<QueuedWork> line, Func<NodeEntry, bool> hasRoom, List<WorkAssignment> assignments)
    {
        var now = clock.GetUtcNow();
        foreach (var work in line)
        {
            if (!nodes.Values.Any(hasRoom))
                return;
            if (work.Order.NotBefore > now || SchedulingPolicy.PickNode(work, nodes.Values) is not { } node)
                continue;
            Occupy(work, node.Id, confirmed: false);
            assignments.Add(new WorkAssignment(work.Order, jobs[work.Key.JobId].Spec, node.Id, node.Info.Silo));
            Record(new Dispatch(work.Key, work.Order.Attempt, node.Id, now));
            dispatched?.Invoke(work.Key, now - work.QueuedAt);
        }
    }

    /// <summary>The earliest time a waiting order becomes ready, if any waits.</summary>
    public DateTimeOffset? NextWakeUp
    {
        get
        {
            var now = clock.GetUtcNow();
            waiting.RemoveWhere(key => queued[key].Order.NotBefore <= now);
            return waiting.Select(key => queued[key].Order.NotBefore).Min();
        }
    }

    /// <summary>The queue's size and the pool's slots, cheaper than a <see cref="Snapshot"/>: for the pool's gauges.</summary>
    public (int Queued, int Slots, int SlotsUsed, int Nodes) Counts() =>
        (queued.Count, nodes.Values.Sum(n => n.Info.Capabilities.RenderSlots), nodes.Values.Sum(n => n.RendersRunning), nodes.Count);

    public SchedulerSnapshot Snapshot() => new(
        nodes.Values.OrderBy(n => n.Id, StringComparer.Ordinal)
            .Select(n => new NodeSlots(n.Id, n.Info.Capabilities.RenderSlots, n.RendersRunning, !n.AssemblySlotFree)).ToList(),
        queued.Count, running.Count, dispatchedTotal, recent.ToList(), jobs.Count, Paused);

    private void Occupy(QueuedWork work, string nodeId, bool confirmed)
    {
        running[work.Key] = new Running(work, nodeId, clock.GetUtcNow()) { Confirmed = confirmed };
        if (nodes.TryGetValue(nodeId, out var node))
            node.Running.Add(work.Key);
    }

    private void MoveTo(WorkKey key, Running entry, string nodeId)
    {
        if (entry.Node == nodeId)
            return;
        if (nodes.TryGetValue(entry.Node, out var old))
            old.Running.Remove(key);
        entry.Node = nodeId;
        if (nodes.TryGetValue(nodeId, out var node))
            node.Running.Add(key);
    }

    private void Release(WorkKey key)
    {
        if (!running.Remove(key, out var entry))
            return;
        if (nodes.TryGetValue(entry.Node, out var node))
            node.Running.Remove(key);
    }

    private void Queue(QueuedWork work)
    {
        queued[work.Key] = work;
        LineOf(work.Key).Add(work);
        if (!queuedByJob.TryGetValue(work.Key.JobId, out var keys))
            queuedByJob[work.Key.JobId] = keys = [];
        keys.Add(work.Key);
        if (work.Order.NotBefore > clock.GetUtcNow())
            waiting.Add(work.Key);
    }

    private void Unqueue(WorkKey key)
    {
        if (!queued.Remove(key, out var work))
            return;
        LineOf(key).Remove(work);
        waiting.Remove(key);
        if (queuedByJob.TryGetValue(key.JobId, out var keys))
        {
            keys.Remove(key);
            if (keys.Count == 0)
                queuedByJob.Remove(key.JobId);
        }
    }

    private SortedSet<QueuedWork> LineOf(WorkKey key) => NodeEntry.TakesRenderSlot(key) ? renders : assembly;

    private void Record(Dispatch dispatch)
    {
        dispatchedTotal++;
        recent.Enqueue(dispatch);
        if (recent.Count > RecentDispatchesKept)
            recent.Dequeue();
    }
}
