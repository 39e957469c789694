namespace RenderFarm.Scheduling;

/// <summary>
/// Which node a queued order goes to, as one list of named steps read top to bottom. Which order is
/// tried is <see cref="DispatchOrder"/>'s; for that order, each step narrows the nodes:
/// <list type="number">
/// <item>free slot: the node has a render slot free for a chunk (a backup lane needs an idle node: no
/// render running), its assembly slot free for a sound or a merge;</item>
/// <item>not blocklisted: the node is not blocklisted for the order's job, unless every node of the pool is;</item>
/// <item>capabilities: the node has what the job requires (GPU, cores, memory);</item>
/// <item>not avoided: the node is not one the piece failed or stalled on, if another will do (a backup never runs beside the attempt it backs up);</item>
/// <item>then the best: the one holding most of the uploaded assets the piece reads (data locality:
/// nothing fetched again), then the most free slots, then the fastest benchmark, then the lowest id.</item>
/// </list>
/// An order no node can take now stays queued, and the next one of its job (then of the next job) is tried.
/// </summary>
public static class SchedulingPolicy
{
    /// <summary>A step that keeps some of the candidate nodes. A soft step is skipped when it would keep none.</summary>
    public sealed record NodeFilter(string Name, bool Soft, Func<QueuedWork, NodeEntry, IReadOnlyCollection<NodeEntry>, bool> Keeps);

    public static readonly IReadOnlyList<NodeFilter> Filters =
    [
        new("free slot", Soft: false, (work, node, _) => node.HasRoomFor(work.Key)),
        new("not blocklisted", Soft: false, (work, node, all) => !work.Order.Blocked.Contains(node.Id) || all.All(n => work.Order.Blocked.Contains(n.Id))),
        new("capabilities", Soft: false, (work, node, _) => Meets(node, work.Job.Requirements)),
        new("not avoided", Soft: false, (work, node, _) => !work.Key.IsBackup || !work.Order.Avoid.Contains(node.Id)),
        new("not avoided if another will do", Soft: true, (work, node, _) => !work.Order.Avoid.Contains(node.Id)),
    ];

    public static NodeEntry? PickNode(QueuedWork work, IReadOnlyCollection<NodeEntry> nodes)
    {
        IEnumerable<NodeEntry> candidates = nodes;
        foreach (var filter in Filters)
        {
            var kept = candidates.Where(n => filter.Keeps(work, n, nodes)).ToList();
            if (kept.Count == 0 && !filter.Soft)
                return null;
            if (kept.Count > 0)
                candidates = kept;
        }
        return candidates
            .OrderByDescending(n => n.HoldsOf(work.Needs))
            .ThenByDescending(n => n.FreeSlots)
            .ThenByDescending(n => n.Info.Capabilities.BenchmarkFps)
            .ThenBy(n => n.Id, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private static bool Meets(NodeEntry node, NodeRequirements required) =>
        (!required.Gpu || node.Info.Capabilities.Gpu is not null)
        && node.Info.Capabilities.Cores >= required.MinCores
        && node.Info.Capabilities.MemoryBytes >= required.MinMemoryBytes;
}
