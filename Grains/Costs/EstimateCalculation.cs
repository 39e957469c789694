using RenderFarm.Jobs;
using RenderFarm.Rendering;
using RenderFarm.Timelines;

namespace RenderFarm.Costs;

/// <summary>
/// Turns a planned job into a <see cref="CostEstimate"/> on a pool's nodes: each piece's seconds from
/// the cost model, spread over the slots by <see cref="WorkSchedule"/>, priced per node on demand and
/// on spot. Pure: the caller reads the pool.
/// </summary>
public sealed class EstimateCalculation(CostModel model, IReadOnlyList<EstimateNode> nodes, int queuedOrders, DateTimeOffset now)
{
    /// <summary>No estimate claims to be closer than this, however well the model fits.</summary>
    public const double MinimumUncertainty = 0.05;

    /// <summary>
    /// What the spot scenario's high bound adds for reclaims: the work of a reclaimed machine's running
    /// chunks is rendered again elsewhere. A tenth of the work, the interruption rate providers report
    /// for GPU spot capacity at its worst (AWS's Spot Instance Advisor's highest band is "&gt;20 %" a
    /// month, for jobs of minutes to hours that is far less per job).
    /// </summary>
    public const decimal SpotReclaimAllowance = 0.10m;

    /// <summary>The most servers a deadline's outlook asks for.</summary>
    public const int MaxServersForDeadline = 256;

    public CostEstimate Estimate(ResolvedTimeline timeline, IReadOnlyList<FrameRange> chunks, JobOptions options, string currency)
    {
        var chunkSeconds = chunks.Select(r => model.ReferenceSeconds(WorkFeatureCounter.ForChunk(timeline, r))).ToList();
        var sound = model.ReferenceSeconds(WorkFeatureCounter.ForSound(timeline));
        var merge = model.ReferenceSeconds(WorkFeatureCounter.ForMerge(timeline));
        // The scheduler's snapshot does not split its queue by priority: below urgent, all of it counts
        // as ahead (pessimistic for high); urgent goes before every queued order, after what runs.
        var ahead = options.Priority == JobPriority.Urgent ? 0 : queuedOrders;
        var planned = WorkSchedule.Plan(nodes, chunkSeconds, sound, merge, ahead, includeRunning: true);
        var priority = WorkSchedule.Plan(nodes, chunkSeconds, sound, merge, 0, includeRunning: false);
        var uncertainty = Math.Max(MinimumUncertainty, model.RelativeError);
        var u = (decimal)uncertainty;

        var byId = nodes.ToDictionary(n => n.NodeId, StringComparer.Ordinal);
        var onDemand = Round(planned.SecondsByNode.Sum(b => (decimal)b.Value * byId[b.Key].OnDemandSlotSecond));
        decimal? spot = nodes.Any(n => n.SpotSlotSecond is not null)
            ? Round(planned.SecondsByNode.Sum(b => (decimal)b.Value * (byId[b.Key].SpotSlotSecond ?? byId[b.Key].OnDemandSlotSecond)))
            : null;
        var completion = now + Seconds(planned.End);

        var estimate = new CostEstimate
        {
            RenderTime = Seconds(planned.MachineSeconds),
            WallTime = Seconds(planned.WallTime),
            Servers = nodes.Count,
            Slots = nodes.Sum(n => n.Slots),
            Chunks = chunks.Count,
            QueueWait = Seconds(planned.QueueWait),
            OnDemand = new EstimateScenario("on-demand", onDemand, Round(onDemand * (1 - u)), Round(onDemand * (1 + u)), Seconds(planned.WallTime), completion),
            Spot = spot is { } s
                ? new EstimateScenario("spot", s, Round(s * (1 - u)), Round(s * (1 + u) * (1 + SpotReclaimAllowance)), Seconds(planned.WallTime), completion)
                : null,
            PriorityDelivery = new EstimateScenario("priority", onDemand, Round(onDemand * (1 - u)), Round(onDemand * (1 + u)), Seconds(priority.WallTime), now + Seconds(priority.End)),
            LargestChunkCost = planned.Chunks.Count == 0 ? 0 : Round(planned.Chunks.Max(c => (decimal)c.Seconds * byId[c.NodeId].OnDemandSlotSecond)),
            Currency = currency,
            CalibrationSamples = model.Samples,
            Uncertainty = uncertainty,
            EstimatedAt = now,
        };
        if (options.Deadline is not { } deadline)
            return estimate;
        return estimate with
        {
            Deadline = deadline,
            MeetsDeadline = completion <= deadline,
            ServersForDeadline = ServersFor(deadline, chunkSeconds, sound, merge, ahead),
        };
    }

    /// <summary>
    /// The fewest servers like the pool's most common one that would finish the job by the deadline,
    /// with the work queued ahead spread over them too; null when even <see cref="MaxServersForDeadline"/> would not.
    /// </summary>
    private int? ServersFor(DateTimeOffset deadline, IReadOnlyList<double> chunkSeconds, double sound, double merge, int ahead)
    {
        var typical = nodes.GroupBy(n => (n.Slots, n.Slowness, n.OnDemandSlotSecond)).MaxBy(g => g.Count())!.First();
        bool Meets(int servers) =>
            now + Seconds(WorkSchedule.Plan(
                Enumerable.Range(0, servers).Select(i => typical with { NodeId = $"server-{i}", Running = 0 }).ToList(),
                chunkSeconds, sound, merge, ahead, includeRunning: false).End) <= deadline;
        if (!Meets(MaxServersForDeadline))
            return null;
        var (low, high) = (1, MaxServersForDeadline);
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (Meets(middle))
                high = middle;
            else
                low = middle + 1;
        }
        return low;
    }

    private static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(Math.Round(seconds, 3));

    private static decimal Round(decimal amount) => Math.Round(amount, 6);
}
