namespace RenderFarm.Nodes;

/// <summary>One render node (one silo that renders): its capabilities, state and load.</summary>
[Alias("RenderFarm.IRenderNodeGrain")]
public interface IRenderNodeGrain : IGrainWithStringKey
{
    /// <summary>Called by the node itself when its silo starts; hands the node to the scheduler.</summary>
    [Alias("Register")] Task RegisterAsync(NodeInfo info);
    [Alias("ReportLoad"), OneWay] Task ReportLoadAsync(NodeLoad load);
    /// <summary>Called by the node itself when its silo stops: it takes no more work (the scheduler drops its slots).</summary>
    [Alias("Drain")] Task DrainAsync();
    [Alias("GetStatus"), AlwaysInterleave] Task<NodeStatus?> GetStatusAsync();
}
