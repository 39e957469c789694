using RenderFarm.Nodes;
using RenderFarm.Timelines;

namespace RenderFarm.Scheduling;

/// <summary>
/// The scheduler's bookkeeping as plain data: the queued orders of each job, every node's slots and
/// what runs where. Slots are its one fact; attempt numbers and nodes to avoid come with each order
/// from its job. Which job's work goes next depends on the time (ageing) and on what runs (fair
/// share), so it is decided at every free slot (<see cref="DispatchOrder"/>), not kept sorted. It
/// never calls out: <see cref="TakeDispatches"/> says what the grain should send.
/// </summary>
/// <param name="dispatched">Told of each dispatch and how long its order waited (the farm's queue-wait metric).</param>
/// <param name="options">Ageing and the users' weights; the defaults without.</param>
public sealed partial class SchedulingQueue(TimeProvider clock, Action<WorkKey, TimeSpan>? dispatched = null, SchedulingOptions? options = null)
{
    private const int RecentDispatchesKept = 2000;

    /// <summary>A dispatch whose attempt has not been heard to start by then is taken as lost and sent again.</summary>
    public static readonly TimeSpan DispatchConfirmTimeout = TimeSpan.FromSeconds(30);

    private readonly SchedulingOptions settings = options ?? new();
    /// <summary>Chunks, and apart from them the sounds and merges: each line waits for its own kind of slot.</summary>
    private readonly Line renders = new();
    private readonly Line assembly = new();
    private readonly Dictionary<WorkKey, QueuedWork> queued = [];
    /// <summary>Queued orders that wait out a backoff: the only ones a wake-up is needed for.</summary>
    private readonly HashSet<WorkKey> waiting = [];
    private readonly Dictionary<string, NodeEntry> nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<WorkKey, Running> running = [];
    private readonly Dictionary<Guid, JobEntry> jobs = [];
    private readonly Queue<Dispatch> recent = new();
    private long dispatchedTotal;

    private sealed class JobEntry(JobTicket ticket, ResolvedTimeline spec)
    {
        public JobTicket Ticket { get; set; } = ticket;
        public ResolvedTimeline Spec { get; set; } = spec;
    }

    /// <summary>A job's orders waiting for one kind of slot, in <see cref="DispatchOrder.WithinJob"/> order.</summary>
    private sealed class Waiting(JobEntry job)
    {
        public JobEntry Job { get; } = job;
        public SortedSet<QueuedWork> Orders { get; } = new(DispatchOrder.WithinJob);
    }

    /// <summary>One kind of slot: the jobs with orders waiting for it, and each user's slots of it in use (their fair share).</summary>
    private sealed class Line
    {
        public Dictionary<Guid, Waiting> Jobs { get; } = [];
        public Dictionary<string, int> InUse { get; } = new(StringComparer.Ordinal);
    }

    private sealed class Running(QueuedWork work, string node, DateTimeOffset dispatchedAt)
    {
        public QueuedWork Work { get; set; } = work;
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
        if (jobs.TryGetValue(job.JobId, out var entry))
        {
            entry.Spec = spec;
            Reticket(entry, job);
        }
        else
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
            Queue(new QueuedWork(job, order) { QueuedAt = clock.GetUtcNow(), Needs = AssetUse.StoredHashes(spec, order.Key.Kind, order.Range) });
        }
    }

    /// <summary>Drops a job's queued orders; what runs keeps its slot.</summary>
    public void Withdraw(Guid jobId)
    {
        foreach (var line in new[] { renders, assembly })
        {
            if (!line.Jobs.Remove(jobId, out var ofJob))
                continue;
            foreach (var work in ofJob.Orders)
            {
                queued.Remove(work.Key);
                waiting.Remove(work.Key);
            }
        }
    }

    /// <summary>
    /// The job's priority or deadline changed: its queued and running work carries the new ticket, so
    /// that the next dispatch orders it by the new one. A job the queue does not know is ignored.
    /// </summary>
    public void UpdateTicket(JobTicket job)
    {
        if (jobs.TryGetValue(job.JobId, out var entry))
            Reticket(entry, job);
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

    /// <summary>
    /// Fills free slots one at a time, each with the best queued order as things stand after the
    /// dispatches before it (<see cref="DispatchOrder"/>), on the node <see cref="SchedulingPolicy"/>
    /// picks: sounds and merges in the assembly slots, chunks in the render slots. Nothing while the
    /// pool is paused.
    /// </summary>
    public IReadOnlyList<WorkAssignment> TakeDispatches()
    {
        if (Paused)
            return [];
        var assignments = new List<WorkAssignment>();
        Take(assembly, n => n.AssemblySlotFree, assignments);
        Take(renders, n => n.FreeSlots > 0, assignments);
        return assignments;
    }

    private void Take(Line line, Func<NodeEntry, bool> hasRoom, List<WorkAssignment> assignments)
    {
        var now = clock.GetUtcNow();
        // Slots only fill up during one take: an order no node could take now, or a job none of whose
        // orders could go, is not tried again in it.
        HashSet<WorkKey>? unplaceable = null;
        HashSet<Guid>? exhausted = null;
        while (line.Jobs.Count > (exhausted?.Count ?? 0) && nodes.Values.Any(hasRoom))
        {
            var best = BestJob(line, now, exhausted);
            if (best is null)
                return;
            var (work, node) = FirstPlaceable(best, now, ref unplaceable);
            if (work is null || node is null)
            {
                (exhausted ??= []).Add(best.Job.Ticket.JobId);
                continue;
            }
            Unqueue(work.Key);
            Occupy(work, node.Id, confirmed: false);
            assignments.Add(new WorkAssignment(work.Order, best.Job.Spec, node.Id, node.Info.Silo));
            Record(new Dispatch(work.Key, work.Order.Attempt, node.Id, now));
            dispatched?.Invoke(work.Key, now - work.QueuedAt);
        }
    }

    /// <summary>Rules 1 to 5 of <see cref="DispatchOrder"/>: the job whose work goes next, among those not yet found unable to go.</summary>
    private Waiting? BestJob(Line line, DateTimeOffset now, HashSet<Guid>? exhausted)
    {
        Waiting? best = null;
        var bestStanding = default(DispatchOrder.Standing);
        foreach (var (jobId, ofJob) in line.Jobs)
        {
            if (exhausted?.Contains(jobId) == true)
                continue;
            var ticket = ofJob.Job.Ticket;
            var share = line.InUse.GetValueOrDefault(ticket.Submitter) / settings.WeightOf(ticket.Submitter);
            var standing = DispatchOrder.Standing.Of(ticket, share, now, settings.AgeingStep);
            if (best is null || standing.Before(bestStanding))
                (best, bestStanding) = (ofJob, standing);
        }
        return best;
    }

    /// <summary>Rule 6: the job's first order whose backoff is over and that a node can take, with that node.</summary>
    private (QueuedWork? Work, NodeEntry? Node) FirstPlaceable(Waiting ofJob, DateTimeOffset now, ref HashSet<WorkKey>? unplaceable)
    {
        foreach (var work in ofJob.Orders)
        {
            if (work.Order.NotBefore > now || unplaceable?.Contains(work.Key) == true)
                continue;
            if (SchedulingPolicy.PickNode(work, nodes.Values) is { } node)
                return (work, node);
            (unplaceable ??= []).Add(work.Key);
        }
        return (null, null);
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
            .Select(n => new NodeSlots(n.Id, n.Info.Capabilities.RenderSlots, n.RendersRunning, !n.AssemblySlotFree, n.Held.Count)).ToList(),
        queued.Count, running.Count, dispatchedTotal, recent.ToList(), jobs.Count, Paused)
    {
        Jobs = QueuedJobs(),
    };

    private List<QueuedJob> QueuedJobs()
    {
        var queuedOf = queued.Values.GroupBy(w => w.Key.JobId).ToDictionary(g => g.Key, g => g.Count());
        var runningOf = running.Values.GroupBy(r => r.Work.Key.JobId).ToDictionary(g => g.Key, g => g.Count());
        return jobs.Values
            .Where(j => queuedOf.ContainsKey(j.Ticket.JobId) || runningOf.ContainsKey(j.Ticket.JobId))
            .Select(j => new QueuedJob(j.Ticket.JobId, j.Ticket.Deadline, queuedOf.GetValueOrDefault(j.Ticket.JobId), runningOf.GetValueOrDefault(j.Ticket.JobId)))
            .ToList();
    }

    private void Occupy(QueuedWork work, string nodeId, bool confirmed)
    {
        Release(work.Key);
        running[work.Key] = new Running(work, nodeId, clock.GetUtcNow()) { Confirmed = confirmed };
        CountInUse(work, +1);
        if (nodes.TryGetValue(nodeId, out var node))
            node.Running.Add(work.Key);
    }

    /// <summary>A slot of the work's kind taken (+1) or freed (-1) by its job's user.</summary>
    private void CountInUse(QueuedWork work, int change)
    {
        var inUse = LineOf(work.Key).InUse;
        var count = inUse.GetValueOrDefault(work.Job.Submitter) + change;
        if (count > 0)
            inUse[work.Job.Submitter] = count;
        else
            inUse.Remove(work.Job.Submitter);
    }

    /// <summary>The job's queued and running work takes its new ticket (re-sorting is not needed: a job's own orders are ordered by piece).</summary>
    private void Reticket(JobEntry job, JobTicket ticket)
    {
        if (job.Ticket == ticket)
            return;
        job.Ticket = ticket;
        foreach (var line in new[] { renders, assembly })
        {
            if (!line.Jobs.TryGetValue(ticket.JobId, out var ofJob))
                continue;
            var orders = ofJob.Orders.ToList();
            ofJob.Orders.Clear();
            foreach (var work in orders)
            {
                var renewed = work with { Job = ticket };
                ofJob.Orders.Add(renewed);
                queued[work.Key] = renewed;
            }
        }
        foreach (var entry in running.Values.Where(r => r.Work.Key.JobId == ticket.JobId))
        {
            CountInUse(entry.Work, -1);
            entry.Work = entry.Work with { Job = ticket };
            CountInUse(entry.Work, +1);
        }
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
        CountInUse(entry.Work, -1);
        if (nodes.TryGetValue(entry.Node, out var node))
            node.Running.Remove(key);
    }

    private void Queue(QueuedWork work)
    {
        queued[work.Key] = work;
        var line = LineOf(work.Key);
        if (!line.Jobs.TryGetValue(work.Key.JobId, out var ofJob))
            line.Jobs[work.Key.JobId] = ofJob = new Waiting(jobs[work.Key.JobId]);
        ofJob.Orders.Add(work);
        if (work.Order.NotBefore > clock.GetUtcNow())
            waiting.Add(work.Key);
    }

    private void Unqueue(WorkKey key)
    {
        if (!queued.Remove(key, out var work))
            return;
        waiting.Remove(key);
        var line = LineOf(key);
        if (line.Jobs.TryGetValue(key.JobId, out var ofJob) && ofJob.Orders.Remove(work) && ofJob.Orders.Count == 0)
            line.Jobs.Remove(key.JobId);
    }

    private Line LineOf(WorkKey key) => NodeEntry.TakesRenderSlot(key) ? renders : assembly;

    private void Record(Dispatch dispatch)
    {
        dispatchedTotal++;
        recent.Enqueue(dispatch);
        if (recent.Count > RecentDispatchesKept)
            recent.Dequeue();
    }
}
