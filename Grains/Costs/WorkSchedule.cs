namespace RenderFarm.Costs;

/// <summary>Where a job's pieces would run and when, from now, in seconds; the seconds each node's slots would be busy with it.</summary>
public sealed record WorkSchedule(double QueueWait, double End, double MachineSeconds, IReadOnlyDictionary<string, double> SecondsByNode, IReadOnlyList<(string NodeId, double Seconds)> Chunks)
{
    public double WallTime => End - QueueWait;

    /// <summary>
    /// Plans a job's pieces on the nodes' slots. What runs now frees its slot after half a chunk (on
    /// average it is half done); the work queued ahead (<paramref name="queuedAhead"/> orders, each
    /// counted as one of this job's chunks of average length: their real sizes are the other jobs')
    /// then fills the slots evenly, earliest free first. The job's chunks follow longest first, each on
    /// the slot that would finish it soonest; its sound runs beside them in an assembly slot from the
    /// job's first start, and the merge after both. Sound and merge take no render slot (a node's
    /// assembly slot is its own).
    /// </summary>
    /// <param name="chunkSeconds">Each chunk's seconds on a node of the reference speed, in the job's order.</param>
    public static WorkSchedule Plan(IReadOnlyList<EstimateNode> nodes, IReadOnlyList<double> chunkSeconds, double soundSeconds, double mergeSeconds,
        int queuedAhead, bool includeRunning)
    {
        if (nodes.Count == 0 || nodes.All(n => n.Slots <= 0))
            throw new ArgumentException("there are no render slots to plan on", nameof(nodes));
        var mean = chunkSeconds.Count == 0 ? 0 : chunkSeconds.Average();
        var slots = nodes.Where(n => n.Slots > 0)
            .SelectMany(n => Enumerable.Range(0, n.Slots).Select(i => new Slot(n, includeRunning && i < n.Running ? mean / 2 * n.Slowness : 0)))
            .ToList();
        FillEvenly(slots, queuedAhead * mean);

        var busy = nodes.ToDictionary(n => n.NodeId, _ => 0.0, StringComparer.Ordinal);
        var placed = new (string NodeId, double Seconds)[chunkSeconds.Count];
        var firstStart = double.MaxValue;
        var chunksEnd = 0.0;
        foreach (var index in Enumerable.Range(0, chunkSeconds.Count).OrderByDescending(i => chunkSeconds[i]))
        {
            var slot = slots.MinBy(s => s.FreeAt + chunkSeconds[index] * s.Node.Slowness)!;
            var seconds = chunkSeconds[index] * slot.Node.Slowness;
            firstStart = Math.Min(firstStart, slot.FreeAt);
            slot.FreeAt += seconds;
            chunksEnd = Math.Max(chunksEnd, slot.FreeAt);
            busy[slot.Node.NodeId] += seconds;
            placed[index] = (slot.Node.NodeId, seconds);
        }
        var start = chunkSeconds.Count == 0 ? slots.Min(s => s.FreeAt) : firstStart;

        // The assembly slots: the fastest node's, for both (the scheduler takes the best node it has).
        var assembler = nodes.Where(n => n.Slots > 0).MinBy(n => n.Slowness)!;
        var sound = soundSeconds * assembler.Slowness;
        var merge = mergeSeconds * assembler.Slowness;
        busy[assembler.NodeId] += sound + merge;
        var end = Math.Max(chunksEnd, start + sound) + merge;
        return new WorkSchedule(start, end, busy.Values.Sum(), busy, placed);
    }

    /// <summary>Raises the earliest free times to one level, so that the slots take <paramref name="work"/> reference seconds between them (water filling).</summary>
    private static void FillEvenly(List<Slot> slots, double work)
    {
        if (work <= 0)
            return;
        var order = slots.OrderBy(s => s.FreeAt).ToList();
        // Below the level: the first k slots, each taking (level − free) / slowness of reference work.
        var speed = 0.0;
        var weighted = 0.0;
        var level = 0.0;
        for (var k = 0; k < order.Count; k++)
        {
            speed += 1 / order[k].Node.Slowness;
            weighted += order[k].FreeAt / order[k].Node.Slowness;
            level = (work + weighted) / speed;
            if (k + 1 == order.Count || level <= order[k + 1].FreeAt)
                break;
        }
        foreach (var slot in order.Where(s => s.FreeAt < level))
            slot.FreeAt = level;
    }

    private sealed class Slot(EstimateNode node, double freeAt)
    {
        public EstimateNode Node { get; } = node;
        public double FreeAt { get; set; } = freeAt;
    }
}
