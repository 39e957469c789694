namespace RenderFarm.Nodes;

[GenerateSerializer, Alias("RenderFarm.NodeRegistryRecord")]
public sealed class NodeRegistryRecord
{
    [Id(0)] public SortedSet<string> NodeIds { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Every node id that registered in a pool; the nodes' own grains hold the rest.</summary>
public sealed class NodeRegistryGrain(
    [PersistentState("nodes", RenderFarmNames.Storage)] IPersistentState<NodeRegistryRecord> record,
    IClusterMembershipService membership) : Grain, INodeRegistryGrain
{
    async Task INodeRegistryGrain.AddAsync(string nodeId)
    {
        if (record.State.NodeIds.Add(nodeId))
            await record.WriteStateAsync();
    }

    async Task<IReadOnlyList<NodeStatus>> INodeRegistryGrain.GetNodesAsync()
    {
        var statuses = await Task.WhenAll(record.State.NodeIds.Select(id => GrainFactory.GetGrain<IRenderNodeGrain>(id).GetStatusAsync()));
        // A node killed outright never says it is gone: membership has the last word on its silo.
        var members = membership.CurrentSnapshot;
        return statuses.OfType<NodeStatus>()
            .Select(n => members.GetSiloStatus(n.Info.Silo) == SiloStatus.Dead
                ? n with { State = NodeStateMachine.Apply(n.State, NodeEvent.SiloDead) }
                : n)
            .ToList();
    }
}
