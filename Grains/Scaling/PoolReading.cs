using RenderFarm.Nodes;
using RenderFarm.Scheduling;

namespace RenderFarm.Scaling;

/// <summary>What one evaluation reads of its pool: the scheduler's queue and slots, and the registry's nodes.</summary>
public sealed record PoolReading(SchedulerSnapshot Scheduler, IReadOnlyList<NodeStatus> Nodes)
{
    public static async Task<PoolReading> ReadAsync(IGrainFactory grains, string pool)
    {
        var scheduler = grains.GetGrain<ISchedulerGrain>(pool).GetSnapshotAsync();
        var nodes = grains.GetGrain<INodeRegistryGrain>(pool).GetNodesAsync();
        return new PoolReading(await scheduler, await nodes);
    }

    /// <summary>
    /// Work runs on the node: by the scheduler's count, which is current, or by the node's last report,
    /// which still counts what a draining node (gone from the scheduler) has to finish.
    /// </summary>
    public bool Busy(string nodeId) =>
        (Scheduler.Nodes.FirstOrDefault(n => n.NodeId == nodeId) is { } slots && (slots.Running > 0 || slots.Assembling))
        || Node(nodeId)?.Load.Running > 0;

    public NodeStatus? Node(string nodeId) => Nodes.FirstOrDefault(n => n.Info.NodeId == nodeId);
}
