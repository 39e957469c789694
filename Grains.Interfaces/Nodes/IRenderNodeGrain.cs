namespace RenderFarm.Nodes;

/// <summary>One render node (one silo that renders): its capabilities, state and load.</summary>
[Alias("RenderFarm.IRenderNodeGrain")]
public interface IRenderNodeGrain : IGrainWithStringKey
{
    /// <summary>Called by the node itself when its silo starts; hands the node to the scheduler.</summary>
    [Alias("Register")] Task RegisterAsync(NodeInfo info);
    [Alias("ReportLoad"), OneWay] Task ReportLoadAsync(NodeLoad load);
    /// <summary>The node left the cluster (stopped, or declared dead by membership).</summary>
    [Alias("MarkGone")] Task MarkGoneAsync(NodeState state);
    [Alias("GetStatus"), AlwaysInterleave] Task<NodeStatus?> GetStatusAsync();
}
