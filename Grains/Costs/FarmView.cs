using RenderFarm.Nodes;
using RenderFarm.Scheduling;

namespace RenderFarm.Costs;

/// <summary>A live node of the pool: its capabilities as it registered them, its slots and running chunks as the scheduler has them.</summary>
public sealed record PoolNode(string NodeId, NodeCapabilities Capabilities, int Slots, int Running);

/// <summary>What an estimate needs of a pool, read at once: its live nodes, the orders queued, and its cost model.</summary>
public sealed record FarmView(IReadOnlyList<PoolNode> Nodes, int QueuedOrders, CostModel Model)
{
    public static async Task<FarmView> ReadAsync(IGrainFactory grains, string pool)
    {
        var registry = grains.GetGrain<INodeRegistryGrain>(pool).GetNodesAsync();
        var scheduler = grains.GetGrain<ISchedulerGrain>(pool).GetSnapshotAsync();
        var model = grains.GetGrain<ICostModelGrain>(pool).GetModelAsync();
        var registered = (await registry).ToDictionary(n => n.Info.NodeId, StringComparer.Ordinal);
        var snapshot = await scheduler;
        // The scheduler's nodes are the ones that take work now; a node it does not know yet is not counted.
        var nodes = snapshot.Nodes
            .Where(n => n.Slots > 0)
            .Select(n => new PoolNode(n.NodeId, registered.TryGetValue(n.NodeId, out var status) ? status.Info.Capabilities : new NodeCapabilities { RenderSlots = n.Slots }, n.Slots, n.Running))
            .ToList();
        return new FarmView(nodes, snapshot.Queued, CostModel.From(await model));
    }
}
