namespace RenderFarm.Nodes;

/// <summary>The list of every node that ever registered in a pool, for cluster status and rebuilding the scheduler.</summary>
[Alias("RenderFarm.INodeRegistryGrain")]
public interface INodeRegistryGrain : IGrainWithStringKey
{
    [Alias("Add")] Task AddAsync(string nodeId);
    [Alias("GetNodes"), AlwaysInterleave] Task<IReadOnlyList<NodeStatus>> GetNodesAsync();
}
